"""The portal pages of tests/fixtures/ (the seed commitment in both languages, other pages) and the values the
importer must read from the seed pages."""

from __future__ import annotations

from pathlib import Path

from dashboard import REPO_DIR
from dashboard.importers import portal_page as pp

FIX = REPO_DIR / "tests" / "fixtures"
PAGES = FIX / "pages"
SEED_EN = FIX / "seed_en.txt"
SEED_KA = FIX / "seed_ka.txt"
C = "GE-2018-6.2"
URL = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"
RUSTAVI_EN = "Rustavi Municipality City Hall"
RUSTAVI_KA = "რუსთავის მუნიციპალიტეტის მერია"


def read_page(p: Path) -> str:
    """A page file's text (UTF-8, line ends kept)."""
    return p.read_bytes().decode("utf-8")


def parse(*paths, **kw):
    return pp.parse_pages([(p.name, read_page(p)) for p in paths], **kw)


def parse_texts(*texts, **kw):
    return pp.parse_pages([(f"page{i}.txt", t) for i, t in enumerate(texts)], **kw)


# ------------------------------------------------------------------ expected values of the seed pages

SEED_MILESTONES = {
    "6.2.1": dict(
        title_en="Analysis of key business processes related to municipal services in the system of Batumi "
                 "Municipality City Hall",
        title_ka="ქ. რუსთავის მუნიციპალიტეტის მერიის სისტემაში მუნიციპალურ სერვისებთან დაკავშირებული საკვანძო "
                 "ბიზნეს-პროცესების ანალიზი",
        indicator_en="Business processes analysis is conducted",
        indicator_ka="ბიზნეს პროცესების ანალიზი განხორციელებულია",
        planned_start="2018-06", planned_end="2018-12", actual_start="2019-09-10",
        state="completed", rating="fully_implemented",
        outcome_en="At the initiative of the Ministry of Regional Development and Infrastructure (MRDI) and with the "
                   "support of Tbilisi Municipal Service Development Agency, the processes of carrying out the "
                   "analysis of key business processes related to Rustavi Municipality City Hall's existing "
                   "municipal services and modules started on 10 September 2019.",
        outcome_ka="ქ. რუსთავის მუნიციპალიტეტის მერიის არსებულ მუნიციპალურ სერვისებთან დაკავშირებული საკვანძო "
                   "ბიზნეს-პროცესების ანალიზის განხორციელება და მოდულების გაწერა რეგიონული განვითარებისა და "
                   "ინფრასტრუქტურის სამინისტროს ინიციატივით და ქ. თბილისის მუნიციპალური სერვისების განვითარების "
                   "სააგენტოს მხარდაჭერით, 2019 წლის 10 სექტემბრიდან დაიწყო"),
    "6.2.2": dict(
        title_en="Introduction of a participatory budgeting module",
        title_ka="მონაწილეობითი ბიუჯეტირების მოდულის დანერგვა",
        indicator_en="Participatory Budgeting Module is introduced",
        indicator_ka="მონაწილეობითი ბიუჯეტირების მოდული დანერგილია",
        planned_start="2019-01", planned_end="2019-06", actual_start=None,
        state="not_started", rating="not_implemented",
        outcome_en="Introduction of Participatory Budgeting module is planned along with updating the municipality "
                   "website",
        outcome_ka="მონაწილეობითი ბიუჯეტირების მოდულის დანერგვა იგეგმება მუნიციპალიტეტის ვებგვერდის განახლებასთან "
                   "ერთად"),
    "6.2.3": dict(
        title_en="Introduction of e-petitions module",
        title_ka="ელექტრონული პეტიციების მოდულის დანერგვა",
        indicator_en="Electronic Petitions Module is introduced",
        indicator_ka="ელექტრონული პეტიციების მოდული დანერგილია",
        planned_start="2019-01", planned_end="2019-06", actual_start=None,
        state="not_started", rating="not_implemented",
        outcome_en="The E-petitions Module was not introduced within the reporting period",
        outcome_ka="ელექტრონული პეტიციების მოდული საანგარიშო პერიოდში არ დანერგილა"),
    "6.2.4": dict(
        title_en="Introduction of a spatial arrangement and architecture module",
        title_ka="სივრცითი მოწყობისა და არქიტექტურის მოდულის დანერგვა",
        indicator_en="Spatial Development and Architecture Module is introduced",
        indicator_ka="სივრცითი მოწყობისა და არქიტექტურის მოდული დანეგილია",
        planned_start="2019-04", planned_end="2019-09", actual_start=None,
        state="completed", rating="fully_implemented",
        outcome_en="the Spatial Development and Architectural Module has been introduced and is properly functioning "
                   "within the MMS system.",
        outcome_ka="სივრცითი მოწყობისა და არქიტექტურული მოდული დანერგილია და გამართულად ფუნქციონირებს სისტემა "
                   "MMS-ში."),
    "6.2.5": dict(
        title_en="Introduction of a property management services module",
        title_ka="ქონების მართვის სერვისების მოდულის დანერგვა",
        indicator_en="Property Management Services Module is introduced",
        indicator_ka="ქონების მართვის სერვისების მოდული დანერგილია",
        planned_start="2019-07", planned_end="2019-12", actual_start=None,
        state="not_started", rating="not_implemented",
        outcome_en="The Property Management Services Module was not introduced within the reporting period",
        outcome_ka="ქონების მართვის სერვისების მოდული საანგარიშო პერიოდში არ დანერგილა"),
    "6.2.6": dict(
        title_en="Introduction of a healthcare and social welfare services module",
        title_ka="ჯანმრთელობის დაცვის და სოციალური უზრუნველყოფის სერვისების მოდულის დანერგვა",
        indicator_en="Health Care and Social Security Services Module is introduced",
        indicator_ka="ჯანმრთელობის დაცვის და სოციალური უზრუნველყოფის სერვისების მოდული დანერგილია",
        planned_start="2019-04", planned_end="2019-09", actual_start=None,
        state="completed", rating="fully_implemented",
        outcome_en="Health Care and Social Security Services Module has been introduced and is properly functioning "
                   "within the MMS system",
        outcome_ka="ჯანმრთელობის დაცვის და სოციალური უზრუნველყოფის სერვისების მოდული დანერგილია და გამართულად "
                   "ფუნქციონირებს სისტემა MMS-ში."),
}

SEED_COMMITMENT = dict(
    commitment_id=C, plan_id=None, level="municipal", number="6.2", ogp_id=None,
    title_en="Introduction and development of electronic services in Rustavi Municipality",
    title_ka="ქალაქ რუსთავის მუნიციპალიტეტში ელექტრონული სერვისების დანერგვა და განვითარება",
    description_en="In exercising self-governance, establishing a unified system based on e-government principles is "
                   "one of the most important priority directions of open government. In this context, Rustavi "
                   "Municipality City Hall has committed to introducing five E-services.",
    description_ka="თვითმმართველობის განხორციელებისას ელექტრონული მმართველობის პრინციპებზე დაფუძნებული ერთიანი "
                   "სისტემის შექმნა ღია მმართველობის ერთ–ერთ მნიშვნელოვან და პრიორიტეტულ მიმართულებას "
                   "წარმოადგენს. აღნიშნულის ფარგლებში, ქ. რუსთავის მუნიციპალიტეტის მერიამ აიღო ვალდებულება 5 "
                   "ელექტრონული სერვისის დანერგვასთან დაკავშირებით",
    outcome_en="Five E-services are introduced",
    outcome_ka="5 ელექტრონული სერვისი დანერგილია",
    lead_agency_en=RUSTAVI_EN, lead_agency_ka=RUSTAVI_KA,
    planned_start="2018-07", planned_end="2019-12",
    source_url_en=None, source_url_ka=None,
    notes="English page heading: Introduction and development of E-services in Rustavi Municipality",
)
