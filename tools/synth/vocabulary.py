"""The words of the synthetic data, in parallel English / Georgian pairs, and the marks that label it synthetic.

Themes, progress states and ratings are the product's own labels (dashboard/importers/portal_page/vocabulary.py),
in the order of schema.THEMES, schema.STATES and schema.RATINGS. The SDG names are the generator's own: seven
Georgian ones (SDGs 7, 9, 10, 12-15) differ from the bundled data's and the importer's, and they stay so that a
seed keeps giving the same files.
No text here may contain a double quote or a line break (cells are written already CSV-encoded; see cells.py).
"""

from __future__ import annotations

from dashboard import schema
from dashboard.importers.portal_page import vocabulary

URL_BASE = "https://example.org/synthetic/"
MARK_EN = "[synthetic] "
MARK_KA = "[სინთეზური] "

# --- reference vocabulary ------------------------------------------------------------------------------------
THEME_LABELS = {code: vocabulary.THEME_WORDS[code][:2] for code in schema.THEMES}
STATE_LABELS = {code: vocabulary.STATE_WORDS[code][:2] for code in schema.STATES}
RATING_LABELS = {code: vocabulary.RATING_WORDS[code][:2] for code in schema.RATINGS}
SDG_LABELS = {
    1: ("No Poverty", "არა სიღარიბეს", "#E5243B"),
    2: ("Zero Hunger", "არა შიმშილს", "#DDA63A"),
    3: ("Good Health and Well-being", "ჯანმრთელობა და კეთილდღეობა", "#4C9F38"),
    4: ("Quality Education", "ხარისხიანი განათლება", "#C5192D"),
    5: ("Gender Equality", "გენდერული თანასწორობა", "#FF3A21"),
    6: ("Clean Water and Sanitation", "სუფთა წყალი და სანიტარია", "#26BDE2"),
    7: ("Affordable and Clean Energy", "ხელმისაწვდომი და სუფთა ენერგია", "#FCC30B"),
    8: ("Decent Work and Economic Growth", "ღირსეული სამუშაო და ეკონომიკური ზრდა", "#A21942"),
    9: ("Industry, Innovation and Infrastructure", "მრეწველობა, ინოვაციები და ინფრასტრუქტურა", "#FD6925"),
    10: ("Reduced Inequalities", "უთანასწორობის შემცირება", "#DD1367"),
    11: ("Sustainable Cities and Communities", "მდგრადი ქალაქები და დასახლებები", "#FD9D24"),
    12: ("Responsible Consumption and Production", "მდგრადი მოხმარება და წარმოება", "#BF8B2E"),
    13: ("Climate Action", "კლიმატის ცვლილების საწინააღმდეგო ქმედებები", "#3F7E44"),
    14: ("Life Below Water", "წყალქვეშა სამყარო", "#0A97D9"),
    15: ("Life on Land", "სიცოცხლე ხმელეთზე", "#56C02B"),
    16: ("Peace, Justice and Strong Institutions", "მშვიდობა, სამართლიანობა და ძლიერი ინსტიტუტები", "#00689D"),
    17: ("Partnerships for the Goals", "თანამშრომლობა საერთო მიზნებისათვის", "#19486A"),
}
REGIONS = (
    ("Kvemo Kartli", "ქვემო ქართლი"), ("Imereti", "იმერეთი"), ("Kakheti", "კახეთი"), ("Adjara", "აჭარა"),
    ("Shida Kartli", "შიდა ქართლი"), ("Samegrelo-Zemo Svaneti", "სამეგრელო-ზემო სვანეთი"),
    ("Samtskhe-Javakheti", "სამცხე-ჯავახეთი"), ("Mtskheta-Mtianeti", "მცხეთა-მთიანეთი"), ("Guria", "გურია"),
    ("Racha-Lechkhumi and Kvemo Svaneti", "რაჭა-ლეჩხუმი და ქვემო სვანეთი"),
)

# --- word lists for titles and texts (parallel English / Georgian) ------------------------------------------
ACTIONS = (
    ("Introduction", "დანერგვა"), ("Development", "შემუშავება"), ("Improvement", "გაუმჯობესება"),
    ("Publication", "გამოქვეყნება"), ("Strengthening", "გაძლიერება"), ("Modernisation", "მოდერნიზება"),
    ("Expansion", "გაფართოება"), ("Monitoring", "მონიტორინგი"), ("Digitisation", "გაციფრულება"),
    ("Simplification", "გამარტივება"),
)
OBJECTS = (  # English / Georgian genitive
    ("e-services", "ელექტრონული სერვისების"),
    ("open budget data", "ღია საბიუჯეტო მონაცემების"),
    ("public procurement information", "საჯარო შესყიდვების ინფორმაციის"),
    ("citizen participation mechanisms", "მოქალაქეთა ჩართულობის მექანიზმების"),
    ("the municipal website", "მუნიციპალიტეტის ვებგვერდის"),
    ("access to public information", "საჯარო ინფორმაციის ხელმისაწვდომობის"),
    ("the e-petitions platform", "ელექტრონული პეტიციების პლატფორმის"),
    ("youth engagement programmes", "ახალგაზრდების ჩართულობის პროგრამების"),
    ("the complaints system", "საჩივრების სისტემის"),
    ("services for persons with disabilities", "შეზღუდული შესაძლებლობის მქონე პირთა სერვისების"),
    ("environmental data", "გარემოსდაცვითი მონაცემების"),
    ("public transport information", "საზოგადოებრივი ტრანსპორტის ინფორმაციის"),
    ("the participatory budget", "მონაწილეობითი ბიუჯეტის"),
    ("asset declarations", "ქონებრივი დეკლარაციების"),
    ("council session broadcasts", "საკრებულოს სხდომების ტრანსლაციების"),
)
OUTCOMES = (
    ("Greater transparency of public institutions", "საჯარო დაწესებულებების გამჭვირვალობის ზრდა"),
    ("Better access to public services", "საჯარო სერვისებზე უკეთესი ხელმისაწვდომობა"),
    ("More citizen participation in decision-making", "გადაწყვეტილებების მიღებაში მოქალაქეთა მეტი ჩართულობა"),
    ("Stronger accountability of public bodies", "საჯარო უწყებების ანგარიშვალდებულების გაძლიერება"),
    ("Lower administrative burden for citizens", "მოქალაქეებისთვის ადმინისტრაციული ტვირთის შემცირება"),
)
NATIONAL_AGENCIES = (
    ("Ministry of Justice", "იუსტიციის სამინისტრო"),
    ("Ministry of Finance", "ფინანსთა სამინისტრო"),
    ("Administration of the Government", "მთავრობის ადმინისტრაცია"),
    ("Ministry of Economy and Sustainable Development", "ეკონომიკისა და მდგრადი განვითარების სამინისტრო"),
    ("Public Service Development Agency", "საჯარო სერვისების განვითარების სააგენტო"),
    ("Ministry of Education and Science", "განათლებისა და მეცნიერების სამინისტრო"),
    ("State Audit Office", "სახელმწიფო აუდიტის სამსახური"),
    ("Parliament of Georgia", "საქართველოს პარლამენტი"),
)
LOCAL_AGENCIES = (("City Hall", "მერია"), ("Municipal Council", "საკრებულო"))
STEPS = (
    ("Needs assessment", "საჭიროებების შეფასება"),
    ("Drafting of the concept", "კონცეფციის შემუშავება"),
    ("Public consultation", "საჯარო კონსულტაცია"),
    ("Software development", "პროგრამული უზრუნველყოფის შემუშავება"),
    ("Staff training", "თანამშრომლების გადამზადება"),
    ("Pilot launch", "საპილოტე ამოქმედება"),
    ("Awareness campaign", "საინფორმაციო კამპანია"),
    ("Launch of the service", "სერვისის ამოქმედება"),
    ("Procurement of equipment", "აღჭურვილობის შესყიდვა"),
    ("Evaluation and report", "შეფასება და ანგარიში"),
)
INDICATORS = (
    ("Report published", "ანგარიში გამოქვეყნებულია"),
    ("Service launched", "სერვისი ამოქმედებულია"),
    ("Number of users", "მომხმარებელთა რაოდენობა"),
    ("Training held for staff", "თანამშრომლებისთვის ჩატარებულია ტრენინგი"),
    ("Document approved", "დოკუმენტი დამტკიცებულია"),
    ("Consultation meetings held", "ჩატარებულია საკონსულტაციო შეხვედრები"),
)
PARTNERS = (
    ("", ""),
    ("", ""),
    ("Civil society organisations", "სამოქალაქო საზოგადოების ორგანიზაციები"),
    ("UNDP", "გაეროს განვითარების პროგრამა (UNDP)"),
    ("Local NGOs", "ადგილობრივი არასამთავრობო ორგანიზაციები"),
    ("Synthetic Partner Foundation", "სინთეზური პარტნიორი ფონდი"),
)
OUTCOME_NOTES = {
    "completed": ("Completed; evidence published", "დასრულებულია; მტკიცებულება გამოქვეყნებულია"),
    "in_progress": ("Work is ongoing", "მუშაობა მიმდინარეობს"),
    "not_started": ("No activity reported", "აქტივობა არ დაფიქსირებულა"),
    "suspended": ("Suspended for lack of funding", "შეჩერებულია დაფინანსების ნაკლებობის გამო"),
}
