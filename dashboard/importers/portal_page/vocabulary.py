"""The words of a monitoring-portal page in both languages: month names, progress states and ratings, thematic
areas, SDGs, reporting periods, municipalities and the page's field labels.

Copied from the project's bilingual reference vocabulary; nothing is read at run time.
"""

from __future__ import annotations

import re

LANG_NAMES = {"en": "English", "ka": "Georgian"}

MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")
# Georgian month names inflect ("სექტემბრიდან", "ივლისში"): match a stem, with the -ე- of -ბერი optional.
MONTH_KA_STEMS = ("იანვარ", "თებერვალ", "მარტ", "აპრილ", "მაის", "ივნის", "ივლის", "აგვისტო", "სექტემბე?რ",
                  "ოქტომბე?რ", "ნოემბე?რ", "დეკემბე?რ")

STATE_WORDS = {
    "completed": ("Completed", "დასრულდა", "complete", "დასრულებული", "დასრულებულია"),
    "in_progress": ("In progress", "მიმდინარეობს", "ongoing", "in-progress", "მიმდინარე"),
    "not_started": ("Not started", "არ დაწყებულა", "not yet started", "დაუწყებელი"),
    "suspended": ("Suspended", "შეჩერებულია", "შეჩერდა", "შეჩერებული"),
}
RATING_WORDS = {
    "fully_implemented": ("Fully implemented", "სრულად შესრულდა"),
    "mostly_implemented": ("Mostly implemented", "უმეტესწილად შესრულდა"),
    "partially_implemented": ("Partially implemented", "ნაწილობრივ შესრულდა"),
    "not_implemented": ("Not implemented", "არ შესრულდა"),
}

THEME_WORDS = {
    "transparency": ("Transparency", "გამჭვირვალობა"),
    "accountability": ("Accountability", "ანგარიშვალდებულება"),
    "access_to_services": ("Access to Services", "სერვისების ხელმისაწვდომობა", "Access to public services"),
    "innovation_technology": ("Innovation and Technology", "ინოვაცია და ტექნოლოგიები", "Innovation & Technology",
                              "Technology and Innovation", "ტექნოლოგიები და ინოვაცია"),
    "engagement": ("Engagement", "მოქალაქეთა ჩართულობა", "Civic Engagement", "Citizen Engagement", "ჩართულობა"),
}

SDG_NAMES = {
    1: ("No Poverty", "არა სიღარიბეს"), 2: ("Zero Hunger", "არა შიმშილს"),
    3: ("Good Health and Well-being", "ჯანმრთელობა და კეთილდღეობა"), 4: ("Quality Education", "ხარისხიანი განათლება"),
    5: ("Gender Equality", "გენდერული თანასწორობა"), 6: ("Clean Water and Sanitation", "სუფთა წყალი და სანიტარია"),
    7: ("Affordable and Clean Energy", "ხელმისაწვდომი და უსაფრთხო ენერგია"),
    8: ("Decent Work and Economic Growth", "ღირსეული სამუშაო და ეკონომიკური ზრდა"),
    9: ("Industry, Innovation and Infrastructure", "მრეწველობა, ინოვაცია და ინფრასტრუქტურა"),
    10: ("Reduced Inequalities", "შემცირებული უთანასწორობა"),
    11: ("Sustainable Cities and Communities", "მდგრადი ქალაქები და დასახლებები"),
    12: ("Responsible Consumption and Production", "გონივრული მოხმარება და წარმოება"),
    13: ("Climate Action", "კლიმატის მდგრადობის მიღწევა"), 14: ("Life Below Water", "წყალქვეშა რესურსები"),
    15: ("Life on Land", "დედამიწის ეკოსისტემები"),
    16: ("Peace, Justice and Strong Institutions", "მშვიდობა, სამართლიანობა და ძლიერი ინსტიტუტები"),
    17: ("Partnerships for the Goals", "თანამშრომლობა საერთო მიზნებისათვის"),
}

PERIOD_KINDS = {  # word (casefolded) -> period kind of schema.PERIOD_ID_PATTERN
    "annual": "annual", "წლიური": "annual", "mid-term": "midterm", "midterm": "midterm", "mid term": "midterm",
    "შუალედური": "midterm", "final": "final", "საბოლოო": "final",
    "h1": "h1", "h2": "h2", "q1": "q1", "q2": "q2", "q3": "q3", "q4": "q4",
}
PERIOD_LABELS = {"annual": ("Annual", "წლიური"), "midterm": ("Mid-term", "შუალედური"), "final": ("Final", "საბოლოო"),
                 "h1": ("H1", "H1"), "h2": ("H2", "H2"), "q1": ("Q1", "Q1"), "q2": ("Q2", "Q2"), "q3": ("Q3", "Q3"),
                 "q4": ("Q4", "Q4")}
PERIOD_END = {"annual": "12-31", "final": "12-31", "midterm": "06-30", "h1": "06-30", "h2": "12-31",
              "q1": "03-31", "q2": "06-30", "q3": "09-30", "q4": "12-31"}

# Georgian municipalities (id, English names, Georgian nominative). The first twelve carry the project's sourced
# vocabulary (region, coordinates); the rest are the other municipalities' standard names, used only to notice
# that one language's text names a place the other does not.
MUNICIPALITIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("tbilisi", ("Tbilisi",), "თბილისი"), ("batumi", ("Batumi",), "ბათუმი"), ("rustavi", ("Rustavi",), "რუსთავი"),
    ("kutaisi", ("Kutaisi",), "ქუთაისი"), ("zugdidi", ("Zugdidi",), "ზუგდიდი"), ("ozurgeti", ("Ozurgeti",), "ოზურგეთი"),
    ("akhaltsikhe", ("Akhaltsikhe",), "ახალციხე"), ("khoni", ("Khoni",), "ხონი"),
    ("tskaltubo", ("Tskaltubo", "Tskhaltubo"), "წყალტუბო"), ("dusheti", ("Dusheti",), "დუშეთი"),
    ("bolnisi", ("Bolnisi",), "ბოლნისი"), ("dedoplistskaro", ("Dedoplistskaro",), "დედოფლისწყარო"),
    ("gori", ("Gori",), "გორი"), ("telavi", ("Telavi",), "თელავი"), ("poti", ("Poti",), "ფოთი"),
    ("zestaponi", ("Zestaponi", "Zestafoni"), "ზესტაფონი"), ("samtredia", ("Samtredia",), "სამტრედია"),
    ("marneuli", ("Marneuli",), "მარნეული"), ("gardabani", ("Gardabani",), "გარდაბანი"),
    ("mtskheta", ("Mtskheta",), "მცხეთა"), ("senaki", ("Senaki",), "სენაკი"), ("kobuleti", ("Kobuleti",), "ქობულეთი"),
    ("borjomi", ("Borjomi",), "ბორჯომი"), ("khashuri", ("Khashuri",), "ხაშური"), ("kaspi", ("Kaspi",), "კასპი"),
    ("kareli", ("Kareli",), "ქარელი"), ("sagarejo", ("Sagarejo",), "საგარეჯო"), ("gurjaani", ("Gurjaani",), "გურჯაანი"),
    ("sighnaghi", ("Sighnaghi", "Signagi"), "სიღნაღი"), ("lagodekhi", ("Lagodekhi",), "ლაგოდეხი"),
    ("kvareli", ("Kvareli",), "ყვარელი"), ("akhmeta", ("Akhmeta",), "ახმეტა"),
    ("tetritskaro", ("Tetritskaro",), "თეთრიწყარო"), ("tsalka", ("Tsalka",), "წალკა"),
    ("dmanisi", ("Dmanisi",), "დმანისი"),
    ("akhalkalaki", ("Akhalkalaki",), "ახალქალაქი"), ("ninotsminda", ("Ninotsminda",), "ნინოწმინდა"),
    ("aspindza", ("Aspindza",), "ასპინძა"), ("adigeni", ("Adigeni",), "ადიგენი"),
    ("chiatura", ("Chiatura",), "ჭიათურა"),
    ("sachkhere", ("Sachkhere",), "საჩხერე"), ("terjola", ("Terjola",), "თერჯოლა"),
    ("tkibuli", ("Tkibuli",), "ტყიბული"),
    ("vani", ("Vani",), "ვანი"), ("baghdati", ("Baghdati",), "ბაღდათი"), ("kharagauli", ("Kharagauli",), "ხარაგაული"),
    ("lanchkhuti", ("Lanchkhuti",), "ლანჩხუთი"), ("chokhatauri", ("Chokhatauri",), "ჩოხატაური"),
    ("martvili", ("Martvili",), "მარტვილი"), ("abasha", ("Abasha",), "აბაშა"), ("khobi", ("Khobi",), "ხობი"),
    ("tsalenjikha", ("Tsalenjikha",), "წალენჯიხა"), ("chkhorotsku", ("Chkhorotsku",), "ჩხოროწყუ"),
    ("mestia", ("Mestia",), "მესტია"), ("ambrolauri", ("Ambrolauri",), "ამბროლაური"), ("oni", ("Oni",), "ონი"),
    ("tsageri", ("Tsageri",), "ცაგერი"), ("lentekhi", ("Lentekhi",), "ლენტეხი"),
    ("kazbegi", ("Kazbegi", "Stepantsminda"), "ყაზბეგი"), ("tianeti", ("Tianeti",), "თიანეთი"),
    ("keda", ("Keda",), "ქედა"), ("shuakhevi", ("Shuakhevi",), "შუახევი"), ("khulo", ("Khulo",), "ხულო"),
    ("khelvachauri", ("Khelvachauri",), "ხელვაჩაური"),
)
MUNICIPALITY_NAMES = {mid: (en[0], ka) for mid, en, ka in MUNICIPALITIES}
# Sourced jurisdiction rows (project vocabulary), added to jurisdictions.csv only if the data lacks them.
JURISDICTION_ROWS = {
    "tbilisi": ("Tbilisi", "თბილისი", "city", "Tbilisi", "თბილისი", "41.69411", "44.83368"),
    "batumi": ("Batumi", "ბათუმი", "city", "Adjara", "აჭარა", "41.64228", "41.63392"),
    "rustavi": ("Rustavi", "რუსთავი", "city", "Kvemo Kartli", "ქვემო ქართლი", "41.54949", "44.99323"),
    "kutaisi": ("Kutaisi", "ქუთაისი", "city", "Imereti", "იმერეთი", "42.26791", "42.69459"),
}

# Field labels of the page. Header fields are "Label: value" lines; milestone fields are label lines.
HEADER_LABELS = {
    "commitment": ("Commitment", "ვალდებულება"),
    "description": ("Commitment Description", "ვალდებულების აღწერა", "Description"),
    "timeline": ("Timeline", "ვადა"),
    "themes": ("OGP Thematic Areas", "OGP მიმართულებები", "Thematic Areas", "OGP Thematic Area"),
    "sdg": ("SDG", "SDGs", "SDG მიზანი", "SDG მიზნები"),
    "period": ("Reporting Period", "საანგარიშო პერიოდი"),
    "lead_agency": ("Lead Agency", "პასუხისმგებელი უწყება"),
    "progress": ("Progress", "არსებული პროგრესი"),
    "milestones": ("Milestones", "ეტაპები"),
}
MILESTONE_LABELS = {
    "indicator": ("Indicator", "ინდიკატორი"),
    "timeline": ("Timeline", "ვადა"),
    "partner": ("Partner Organization", "Partner Organisation", "Partner Organizations", "Partner",
                "პარტნიორი ორგანიზაცია", "პარტნიორი ორგანიზაციები"),
    "lead_agency": ("Lead Agency", "პასუხისმგებელი უწყება"),
    "start": ("Start", "დაწყება"),
    "end": ("End", "დასრულება"),
    "outcome": ("Outcome", "შედეგი"),
    "rating": ("Rating", "შეფასება"),
}
# Lines of the portal's page layout that are not content: the breadcrumb above the title, the comment form that
# ends the content, and messages of the page's scripts.
BREADCRUMBS = ("commitments", "ვალდებულებები")
CHROME_STOP = ("add comment", "კომენტარის დამატება", "comments", "კომენტარები")
CHROME_LINES = ("error!!!", "the email you provided will not be published.",
                "თქვენ მიერ მითითებული ელ.ფოსტა არ გამოქვეყნდება.")
ICON_RE = re.compile(r"\s*done icon\s*", re.IGNORECASE)
