"""Import a commitment page of the Georgian OGP monitoring portal (English, Georgian or both).

    python -m dashboard import-page EN_FILE [KA_FILE] [--data DATA_DIR] [--dry-run] [--json] [--replace]
    python -m dashboard.importers.portal_page FILE [FILE] [same flags] [--commitment-id ID] [--plan-id ID]
        [--level national|municipal|ogp_local] [--jurisdiction ID] [--period-id ID]
        [--source-url URL] [--source-url-ka URL] [--recover]

Parsing (`parse_page`, `parse_pages`) is pure: text in, rows (schema column names) and warnings out. Each file's
language is detected from its script; the two versions are paired by milestone number and every disagreement
(dates, states, ratings, milestone sets, municipalities named in one language but not in the other) is a warning.
Missing parts (timeline, progress block, milestones) are imported as NULL and reported, never guessed.

Writing (`plan_import`, `write_import`) merges the rows into a data directory's CSVs:
  * a new key is added; an existing key whose values would change is refused unless `replace=True`;
  * the planned dates of an existing commitment/milestone are never overwritten without `replace` (kept, with a
    warning, so a progress update for a new period still imports);
  * the resulting set of files is validated with `dashboard.store.load_dataset` before anything is touched;
  * all files or none: every changed file is written to a temp file in the data directory, then the originals are
    copied into `DATA_DIR/.import-journal/` and a manifest is written (atomically) before the temp files are moved
    over the originals with `os.replace`. The manifest is removed once every file is in place (the commit point).
    If the process dies in between, `recover(data_dir)` (run automatically at the start of the next import)
    copies the originals back, so the data is as it was before the interrupted import. `has_pending_journal()`
    lets a loader detect an interrupted import.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import schema

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary (copied from the project's bilingual reference vocabulary; nothing is read at run time)
# ---------------------------------------------------------------------------------------------------------------

MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")
MONTHS_KA = ("იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი", "ივლისი", "აგვისტო", "სექტემბერი",
             "ოქტომბერი", "ნოემბერი", "დეკემბერი")
# Georgian month names inflect ("სექტემბრიდან", "ივლისში"): match a stem, with the -ე- of -ბერი optional.
_MONTH_KA_STEMS = ("იანვარ", "თებერვალ", "მარტ", "აპრილ", "მაის", "ივნის", "ივლის", "აგვისტო", "სექტემბე?რ",
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
STATE_LABELS = {k: v[:2] for k, v in STATE_WORDS.items()}
RATING_LABELS = {k: v[:2] for k, v in RATING_WORDS.items()}

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
    ("tetritskaro", ("Tetritskaro",), "თეთრიწყარო"), ("tsalka", ("Tsalka",), "წალკა"), ("dmanisi", ("Dmanisi",), "დმანისი"),
    ("akhalkalaki", ("Akhalkalaki",), "ახალქალაქი"), ("ninotsminda", ("Ninotsminda",), "ნინოწმინდა"),
    ("aspindza", ("Aspindza",), "ასპინძა"), ("adigeni", ("Adigeni",), "ადიგენი"), ("chiatura", ("Chiatura",), "ჭიათურა"),
    ("sachkhere", ("Sachkhere",), "საჩხერე"), ("terjola", ("Terjola",), "თერჯოლა"), ("tkibuli", ("Tkibuli",), "ტყიბული"),
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
BREADCRUMBS = ("commitments", "ვალდებულებები")
CHROME_STOP = ("add comment", "კომენტარის დამატება", "comments", "კომენტარები")
CHROME_LINES = ("error!!!", "the email you provided will not be published.",
                "თქვენ მიერ მითითებული ელ.ფოსტა არ გამოქვეყნდება.")
ICON_RE = re.compile(r"\s*done icon\s*", re.IGNORECASE)

COMMITMENT_COLUMNS = schema.TABLES_BY_NAME["commitments"].column_names
MILESTONE_COLUMNS = schema.TABLES_BY_NAME["milestones"].column_names
CPROGRESS_COLUMNS = schema.TABLES_BY_NAME["commitment_progress"].column_names
MPROGRESS_COLUMNS = schema.TABLES_BY_NAME["milestone_progress"].column_names
LANGS = ("en", "ka")
LANG_NAMES = {"en": "English", "ka": "Georgian"}


class ImportError_(Exception):
    """A refusal or failure with a message for the operator (exit 1)."""


# ---------------------------------------------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------------------------------------------

def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def _key(s: str) -> str:
    return _norm(s).rstrip(":").strip().casefold()


def detect_language(text: str) -> str:
    """'ka' when Georgian letters outnumber Latin ones, else 'en'."""
    ka = sum(1 for ch in text if "\u10a0" <= ch <= "\u10ff" or "\u1c90" <= ch <= "\u1cbf")
    latin = sum(1 for ch in text if ("a" <= ch <= "z") or ("A" <= ch <= "Z"))
    return "ka" if ka > latin else "en"


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    return text


def parse_month(text: str | None) -> str | None:
    """'July 2018' / 'ივლისი 2018' / 'Jul 2018' / '2018-07' / '07/2018' -> '2018-07'."""
    if not text:
        return None
    t = _norm(text)
    m = re.search(r"\b((?:19|20)\d{2})-(\d{1,2})\b", t) or None
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.search(r"\b(\d{1,2})[./](\d{4})\b", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    year = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", t)
    month = _find_month(t)
    if year and month:
        return f"{year.group(1)}-{month:02d}"
    return None


def _find_month(t: str) -> int | None:
    low = t.casefold()
    for word in re.findall(r"[a-z]{3,}", low):
        for i, name in enumerate(MONTHS_EN):
            if name.startswith(word):
                return i + 1
    for i, stem in enumerate(_MONTH_KA_STEMS):
        if re.search(rf"(?<![\u10d0-\u10ff]){stem}", t):
            return i + 1
    return None


_EN_MONTH_RE = "(" + "|".join(m.capitalize() for m in MONTHS_EN) + ")"
_KA_MONTH_RE = "(" + "|".join(_MONTH_KA_STEMS) + r")[\u10d0-\u10ff]*"


def parse_actual_start(text: str | None, lang: str) -> str | None:
    """A start date stated in an outcome ('started on 10 September 2019', '2019 წლის 10 სექტემბრიდან დაიწყო').

    Returns 'YYYY-MM-DD' (or 'YYYY-MM' when only a month is stated); None when no start is stated."""
    if not text:
        return None
    t = _norm(text)
    if lang == "en":
        verbs = r"(?:started|began|begun|commenced|was launched|were launched|launched|kicked off)"
        pats = [
            (rf"{verbs}\s+(?:on\s+)?(\d{{1,2}})\s+{_EN_MONTH_RE},?\s+((?:19|20)\d{{2}})", "dmy"),
            (rf"{verbs}\s+(?:on\s+)?{_EN_MONTH_RE}\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})", "mdy"),
            (rf"{verbs}\s+(?:in\s+)?{_EN_MONTH_RE},?\s+((?:19|20)\d{{2}})", "my"),
            (rf"(?:since|from|as of|on)\s+(\d{{1,2}})\s+{_EN_MONTH_RE},?\s+((?:19|20)\d{{2}})[^.]*?\b{verbs}", "dmy"),
        ]
        for pat, order in pats:
            m = re.search(pat, t, re.IGNORECASE)
            if not m:
                continue
            g = m.groups()
            if order == "dmy":
                day, mon, year = int(g[0]), g[1], g[2]
            elif order == "mdy":
                mon, day, year = g[0], int(g[1]), g[2]
            else:
                mon, day, year = g[0], None, g[1]
            month = MONTHS_EN.index(mon.casefold()) + 1
            return _ymd(year, month, day)
        return None
    # Georgian: "2019 წლის 10 სექტემბრიდან დაიწყო", "დაიწყო 2019 წლის 10 სექტემბერს", "2019 წლის სექტემბერში დაიწყო"
    date = rf"((?:19|20)\d{{2}})\s+წლის\s+(?:(\d{{1,2}})\s+)?{_KA_MONTH_RE}"
    verb = r"(?:დაიწყო|დაიწყეს|დაწყებულია|დაიწყება|ამოქმედდა)"
    for pat in (rf"{date}[^.]{{0,80}}?{verb}", rf"{verb}[^.]{{0,40}}?{date}"):
        m = re.search(pat, t)
        if m:
            year, day, stem = m.group(1), m.group(2), m.group(3)
            month = next(i + 1 for i, s in enumerate(_MONTH_KA_STEMS) if re.fullmatch(s, stem))
            return _ymd(year, month, int(day) if day else None)
    return None


def _ymd(year: str, month: int, day: int | None) -> str | None:
    if day is None:
        return f"{year}-{month:02d}"
    import datetime as _dt
    try:
        return _dt.date(int(year), month, day).isoformat()
    except ValueError:
        return f"{year}-{month:02d}"


def _match_phrase(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    k = _key(text)
    for code, words in table.items():
        if any(k == _key(w) for w in words):
            return code
    return None


def parse_state_rating(line: str) -> tuple[str | None, str | None]:
    """'In progress done iconMostly implemented' -> ('in_progress', 'mostly_implemented')."""
    parts = [p for p in (_norm(x) for x in ICON_RE.split(line)) if p]
    state = rating = None
    for part in parts:
        s, r = _match_phrase(part, STATE_WORDS), _match_phrase(part, RATING_WORDS)
        if s and not state:
            state = s
        elif r and not rating:
            rating = r
        elif not s and not r:
            # No separator: "In progress Mostly implemented"
            for code, words in sorted(STATE_WORDS.items(), key=lambda kv: -max(len(w) for w in kv[1])):
                for w in sorted(words, key=len, reverse=True):
                    if part.casefold().startswith(w.casefold()):
                        rest = _match_phrase(part[len(w):], RATING_WORDS)
                        if rest:
                            state, rating = state or code, rating or rest
                            break
                if state and rating:
                    break
    return state, rating


def _mentions(text: str | None, lang: str) -> set[str]:
    """Municipality ids named in a text (English names, or Georgian names in any common case form)."""
    if not text:
        return set()
    found = set()
    for mid, ens, ka in MUNICIPALITIES:
        if lang == "en":
            if any(re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![a-z])", text) for n in ens):
                found.add(mid)
            continue
        g = "\u10d0-\u10ff"
        if ka.endswith("ი"):
            pat = rf"(?<![{g}]){re.escape(ka[:-1])}(?:ი|ის[{g}]*|ში|ზე|იდან|ით)(?![{g}])"
        elif ka.endswith("ა"):
            pat = rf"(?<![{g}]){re.escape(ka[:-1])}(?:ა(?:ში|ზე|ს|დან|თი)?|ის[{g}]*|იდან|ით)(?![{g}])"
        else:
            pat = rf"(?<![{g}]){re.escape(ka)}(?:ს[{g}]*|ში|ზე|დან|თი)?(?![{g}])"
        if re.search(pat, text):
            found.add(mid)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Parsing one page
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class PageMilestone:
    number: str
    title: str
    state: str | None = None
    rating: str | None = None
    indicator: str | None = None
    lead_agency: str | None = None
    partner: str | None = None
    planned_start: str | None = None
    planned_end: str | None = None
    outcome: str | None = None
    actual_start: str | None = None
    raw_labels: set = field(default_factory=set)


@dataclass
class Page:
    lang: str
    title: str | None = None
    commitment_line: str | None = None
    heading: str | None = None
    description: str | None = None
    outcome: str | None = None
    lead_agency: str | None = None
    planned_start: str | None = None
    planned_end: str | None = None
    timeline_raw: str | None = None
    themes: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    period_id: str | None = None
    period_raw: str | None = None
    state: str | None = None
    rating: str | None = None
    narrative: str | None = None
    has_progress: bool = False
    has_milestones_section: bool = False
    milestones: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    source: str = ""


def _header_label(line: str) -> tuple[str, str] | None:
    """('themes', value) when the line is 'OGP Thematic Areas: value' (longest label wins)."""
    best = None
    for name, labels in HEADER_LABELS.items():
        for lab in labels:
            m = re.match(rf"^\s*{re.escape(lab)}\s*:\s*(.*)$", line, re.IGNORECASE)
            if m and (best is None or len(lab) > best[2]):
                best = (name, m.group(1).strip(), len(lab))
    return (best[0], best[1]) if best else None


def _milestone_label(line: str) -> str | None:
    k = _key(line)
    for name, labels in MILESTONE_LABELS.items():
        if any(k == _key(lab) for lab in labels):
            return name
    return None


_NUMBER_RE = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+(\S.*)$")


def _is_chrome(line: str) -> bool:
    return _key(line) in CHROME_LINES


def _paragraphs(lines: list[str]) -> str | None:
    out: list[str] = []
    blank = False
    for ln in lines:
        s = _norm(ln)
        if not s:
            blank = bool(out)
            continue
        if blank:
            out.append("")
        out.append(s)
        blank = False
    text = "\n".join(out).strip()
    return text or None


def parse_page(text: str, lang: str | None = None, source: str = "") -> Page:
    """Parse one monitoring page (either language). Never raises on a short or odd page: warns instead."""
    text = normalize_text(text)
    lang = lang or detect_language(text)
    page = Page(lang=lang, source=source)
    w = page.warnings
    label = source or LANG_NAMES[lang]
    lines = text.split("\n")
    # Cut the comment form and other chrome at the end.
    cut = len(lines)
    for i, ln in enumerate(lines):
        if _key(ln) in CHROME_STOP and i > 0:
            cut = i
            break
    lines = [ln for ln in lines[:cut] if not _is_chrome(ln)]

    # Split header / milestones.
    ms_at = next((i for i, ln in enumerate(lines) if (h := _header_label(ln)) and h[0] == "milestones"), None)
    head = lines if ms_at is None else lines[:ms_at]
    body = [] if ms_at is None else lines[ms_at + 1:]
    page.has_milestones_section = ms_at is not None

    fields: dict[str, list[str]] = {}
    current = None
    progress_lines: list[str] = []
    pre: list[str] = []
    for ln in head:
        h = _header_label(ln)
        if h:
            current = h[0]
            fields.setdefault(current, [])
            if h[1]:
                fields[current].append(h[1])
            if current == "progress":
                page.has_progress = True
            continue
        if current is None:
            if _norm(ln):
                pre.append(_norm(ln))
            continue
        if current == "progress":
            progress_lines.append(ln)
        elif _norm(ln):
            fields[current].append(_norm(ln))

    # Title: the "Commitment:" field, else the page heading (first non-breadcrumb line). A heading worded
    # differently is kept in the commitment's notes.
    pre = [p for p in pre if _key(p) not in BREADCRUMBS]
    page.heading = pre[0] if pre else None
    if len(pre) > 1:
        w.append(f"{label}: unrecognised text before the fields ignored: {' / '.join(pre[1:])[:200]}")
    if fields.get("commitment"):
        page.commitment_line = " ".join(fields["commitment"])
    page.title = page.commitment_line or page.heading
    if not page.title:
        w.append(f"{label}: no commitment title found")

    desc = " ".join(fields.get("description", [])) or None
    if desc:
        m = re.search(r"(?:^|\s|\.)(Outcome|Expected outcome|Result|შედეგი|მოსალოდნელი შედეგი)\s*:\s*", desc,
                      re.IGNORECASE)
        if m:
            page.description = desc[:m.start(1)].strip() or None
            page.outcome = desc[m.end():].strip() or None
        else:
            page.description = desc
    else:
        w.append(f"{label}: no commitment description")

    lead = " ".join(fields.get("lead_agency", [])) or None
    page.lead_agency = lead
    if not lead:
        w.append(f"{label}: no lead agency")

    tl = " ".join(fields.get("timeline", [])) or None
    page.timeline_raw = tl
    if tl:
        parts = re.split(r"(?i)end\s*date|დასრულების\s+თარიღი|დასრულება", tl, maxsplit=1)
        if len(parts) == 2:
            page.planned_start, page.planned_end = parse_month(parts[0]), parse_month(parts[1])
        else:
            months = re.split(r"\s+[-–]\s+(?=\S*\s*\d)|,", tl)
            found = [parse_month(p) for p in months if parse_month(p)]
            page.planned_start = found[0] if found else None
            page.planned_end = found[1] if len(found) > 1 else None
        if not page.planned_start or not page.planned_end:
            w.append(f"{label}: timeline '{tl}' could not be read fully")
    else:
        w.append(f"{label}: no timeline (planned start/end left empty)")

    th = " ".join(fields.get("themes", [])) or None
    if th:
        page.themes = _parse_themes(th, label, w)
    else:
        w.append(f"{label}: no OGP thematic areas")
    sd = " ".join(fields.get("sdg", [])) or None
    if sd:
        page.sdgs = _parse_sdgs(sd, label, w)
    else:
        w.append(f"{label}: no SDG")
    per = " ".join(fields.get("period", [])) or None
    page.period_raw = per
    if per:
        page.period_id = parse_period(per)
        if not page.period_id:
            w.append(f"{label}: reporting period '{per}' not understood")
    else:
        w.append(f"{label}: no reporting period")

    if page.has_progress:
        first = next((i for i, ln in enumerate(progress_lines) if _norm(ln)), None)
        if first is not None:
            s, r = parse_state_rating(progress_lines[first])
            if s or r:
                page.state, page.rating = s, r
                rest = progress_lines[first + 1:]
            else:
                rest = progress_lines
            page.narrative = _paragraphs(rest)
        if not page.state:
            w.append(f"{label}: progress state not reported")
        if not page.rating:
            w.append(f"{label}: progress rating not reported")
        if not page.narrative:
            w.append(f"{label}: no progress narrative")
    else:
        w.append(f"{label}: no progress block (state, rating and narrative not imported)")

    if ms_at is None:
        w.append(f"{label}: no milestones section")
    else:
        page.milestones = _parse_milestones(body, label, w)
        if not page.milestones:
            w.append(f"{label}: milestones section is empty")
    return page


def _parse_themes(text: str, label: str, w: list) -> list[str]:
    rest = text
    found: list[tuple[int, str]] = []
    pairs = sorted(((word, code) for code, words in THEME_WORDS.items() for word in words), key=lambda p: -len(p[0]))
    for word, code in pairs:
        m = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", rest, re.IGNORECASE)
        if m:
            if code not in (c for _, c in found):
                found.append((m.start(), code))
            rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    left = re.sub(r"[\s,;/|&]+|\band\b|და", " ", rest).strip()
    if left:
        w.append(f"{label}: thematic area(s) not recognised: '{left}'")
    return [c for _, c in sorted(found)]


def _parse_sdgs(text: str, label: str, w: list) -> list[int]:
    nums = [int(n) for n in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", text)]
    out = []
    for n in nums:
        if n in schema.SDGS and n not in out:
            out.append(n)
        elif n not in schema.SDGS:
            w.append(f"{label}: '{n}' is not an SDG number (1-17)")
    if not nums:
        for n, (en, ka) in SDG_NAMES.items():
            if _key(en) in _key(text) or _key(ka) in _key(text):
                out.append(n)
        if not out:
            w.append(f"{label}: SDG '{text}' not recognised")
    return out


def parse_period(text: str) -> str | None:
    """'2019, Annual' / '2019, წლიური' / 'Mid-term 2020' -> '2019-annual' / '2020-midterm'."""
    t = _norm(text).casefold()
    year = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", t)
    if not year:
        return None
    rest = (t[:year.start()] + " " + t[year.end():]).replace(",", " ")
    for word in sorted(PERIOD_KINDS, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", rest):
            return f"{year.group(1)}-{PERIOD_KINDS[word]}"
    return None


def _parse_milestones(lines: list[str], label: str, w: list) -> list[PageMilestone]:
    nonblank = [(i, _norm(ln)) for i, ln in enumerate(lines) if _norm(ln)]
    starts = []
    for k, (i, s) in enumerate(nonblank):
        m = _NUMBER_RE.match(s)
        if not m:
            continue
        nxt = nonblank[k + 1][1] if k + 1 < len(nonblank) else ""
        if k + 1 >= len(nonblank) or _match_phrase(nxt, STATE_WORDS) or _milestone_label(nxt) \
                or parse_state_rating(nxt) != (None, None):
            starts.append(k)
    out = []
    for n, k in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(nonblank)
        block = [s for _, s in nonblank[k:end]]
        m = _NUMBER_RE.match(block[0])
        ms = PageMilestone(number=m.group(1), title=m.group(2).strip())
        values: dict[str, list[str]] = {}
        cur = None
        title_done = False
        for s in block[1:]:
            lab = _milestone_label(s)
            if lab:
                cur = lab
                ms.raw_labels.add(lab)
                values.setdefault(lab, [])
                values[lab] = []  # a later occurrence of a label (the real field) replaces the tab header
                title_done = True
                continue
            if cur is None:
                st, rt = parse_state_rating(s)
                if st or rt:
                    ms.state = ms.state or st
                    ms.rating = ms.rating or rt
                    title_done = True
                elif not title_done:
                    ms.title = f"{ms.title} {s}"
                else:
                    w.append(f"{label}: milestone {ms.number}: unrecognised line ignored: '{s[:80]}'")
                continue
            values[cur].append(s)
        get = lambda k: " ".join(values.get(k, [])).strip() or None  # noqa: E731
        ms.indicator = get("indicator")
        ms.lead_agency = get("lead_agency")
        ms.partner = get("partner")
        ms.outcome = get("outcome")
        ms.planned_start = parse_month(get("start"))
        ms.planned_end = parse_month(get("end"))
        if not ms.planned_start and not ms.planned_end and get("timeline"):
            found = [parse_month(x) for x in re.split(r"[-–,]", get("timeline")) if parse_month(x)]
            ms.planned_start = found[0] if found else None
            ms.planned_end = found[1] if len(found) > 1 else None
        rating_text = get("rating")
        if rating_text:
            st, rt = parse_state_rating(rating_text)
            ms.rating = rt or ms.rating
            if not rt:
                w.append(f"{label}: milestone {ms.number}: rating '{rating_text}' not understood")
        lang = "ka" if detect_language(" ".join(block)) == "ka" else "en"
        ms.actual_start = parse_actual_start(ms.outcome, lang)
        missing = [n for n, v in (("state", ms.state), ("rating", ms.rating), ("indicator", ms.indicator),
                                  ("lead agency", ms.lead_agency), ("planned start", ms.planned_start),
                                  ("planned end", ms.planned_end), ("outcome", ms.outcome)) if not v]
        if missing:
            w.append(f"{label}: milestone {ms.number}: not reported: {', '.join(missing)}")
        out.append(ms)
    if out and not out[-1].rating and not out[-1].outcome:
        w.append(f"{label}: the page appears cut short inside milestone {out[-1].number}")
    seen = set()
    for ms in out:
        if ms.number in seen:
            w.append(f"{label}: milestone {ms.number} appears twice; the last one is kept")
        seen.add(ms.number)
    return list({ms.number: ms for ms in out}.values())


# ---------------------------------------------------------------------------------------------------------------
# Combining the languages
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class ParseResult:
    commitment: dict
    themes: list
    sdgs: list
    jurisdictions: list
    progress: dict | None
    milestones: list  # milestone rows (dict) with key "progress": milestone_progress row or None
    period: dict | None
    warnings: list
    languages: list

    def as_json(self) -> dict:
        c = dict(self.commitment)
        c["themes"] = list(self.themes)
        c["sdgs"] = list(self.sdgs)
        c["jurisdictions"] = list(self.jurisdictions)
        return {"commitment": c, "progress": self.progress, "milestones": self.milestones,
                "period": self.period, "languages": self.languages, "warnings": list(self.warnings)}


def milestone_base_number(numbers: list[str]) -> str | None:
    """The commitment number: the common prefix of the milestone numbers minus their last part ('6.2')."""
    if not numbers:
        return None
    parts = [n.split(".") for n in numbers]
    common = []
    for group in zip(*[p[:-1] for p in parts]):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return ".".join(common) or None


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.casefold()).strip("-")


def parse_pages(texts: list[tuple[str, str]], *, commitment_id: str | None = None, source_url: str | None = None,
                source_url_ka: str | None = None, plan_id: str | None = None, level: str | None = None,
                jurisdiction: str | None = None, period_id: str | None = None) -> ParseResult:
    """Parse one or two pages given as (name, text). Languages are detected; pairs by milestone number."""
    warnings: list[str] = []
    pages: dict[str, Page] = {}
    for name, text in texts:
        page = parse_page(text, source=name)
        if page.lang in pages:
            raise ImportError_(f"{pages[page.lang].source} and {name} are both {LANG_NAMES[page.lang]}; "
                               "give one English and/or one Georgian page")
        pages[page.lang] = page
    for lang in LANGS:
        if lang in pages:
            warnings.extend(pages[lang].warnings)
    en, ka = pages.get("en"), pages.get("ka")
    for lang in LANGS:
        if lang not in pages:
            warnings.append(f"no {LANG_NAMES[lang]} page: the _{lang} columns are left empty")

    def pick(attr: str, what: str):
        ve = getattr(en, attr) if en else None
        vk = getattr(ka, attr) if ka else None
        if ve is not None and vk is not None and ve != vk:
            warnings.append(f"commitment {what} differs: English {ve!r}, Georgian {vk!r} (English kept)")
        return ve if ve is not None else vk

    # Milestones paired by number.
    en_ms = {m.number: m for m in (en.milestones if en else [])}
    ka_ms = {m.number: m for m in (ka.milestones if ka else [])}
    if en and ka:
        only_en = [n for n in en_ms if n not in ka_ms]
        only_ka = [n for n in ka_ms if n not in en_ms]
        if only_en:
            warnings.append(f"milestone(s) only on the English page: {', '.join(only_en)}")
        if only_ka:
            warnings.append(f"milestone(s) only on the Georgian page: {', '.join(only_ka)}")
    numbers = list(en_ms) + [n for n in ka_ms if n not in en_ms]

    number = milestone_base_number(numbers)
    if number is None:
        for p in (en, ka):
            if p and p.title and (m := re.match(r"^(\d+(?:\.\d+)*)\.?\s", p.title)):
                number = m.group(1)
                break
    if number is None:
        warnings.append("commitment number unknown (no milestone numbers on the page)")

    # Jurisdiction: municipalities named by the lead agency (else by the title).
    munis: set[str] = set()
    for p in (en, ka):
        if p:
            munis |= _mentions(p.lead_agency, p.lang)
    if not munis:
        for p in (en, ka):
            if p:
                munis |= _mentions(p.title, p.lang)
    if jurisdiction:
        jurisdictions = [jurisdiction]
    elif len(munis) == 1:
        jurisdictions = sorted(munis)
    elif munis:
        jurisdictions = sorted(munis)
        warnings.append(f"several municipalities named by the lead agency/title: {', '.join(jurisdictions)}")
    else:
        jurisdictions = []
    if not level:
        level = "municipal" if jurisdictions and jurisdictions != ["georgia"] else None

    if not commitment_id:
        base = number or hashlib.sha1(((en and en.title) or (ka and ka.title) or "").encode()).hexdigest()[:8]
        commitment_id = f"PORTAL-{base}" + (f"-{jurisdictions[0]}" if jurisdictions else "")
        warnings.append(f"no commitment id given: derived '{commitment_id}' (pass --commitment-id to set it)")

    commitment = {c: None for c in COMMITMENT_COLUMNS}
    commitment.update(commitment_id=commitment_id, plan_id=plan_id, level=level, number=number,
                      source_url_en=source_url if en or not ka else None,
                      source_url_ka=source_url_ka)
    for lang, p in (("en", en), ("ka", ka)):
        if not p:
            continue
        commitment[f"title_{lang}"] = p.title
        commitment[f"description_{lang}"] = p.description
        commitment[f"outcome_{lang}"] = p.outcome
        commitment[f"lead_agency_{lang}"] = p.lead_agency
    notes = []
    for lang, p in (("en", en), ("ka", ka)):
        if p and p.heading and p.title and _norm(p.heading) != _norm(p.title):
            notes.append(f"{LANG_NAMES[lang]} page heading: {p.heading}")
    commitment["notes"] = "; ".join(notes) or None
    commitment["planned_start"] = pick("planned_start", "planned start")
    commitment["planned_end"] = pick("planned_end", "planned end")
    themes = pick("themes", "thematic areas") or []
    sdgs = pick("sdgs", "SDGs") or []
    state = pick("state", "progress state")
    rating = pick("rating", "progress rating")
    pid = period_id or pick("period_id", "reporting period")
    if en and ka:
        for fld in ("title", "description", "outcome", "lead_agency", "narrative"):
            _compare_places(f"commitment {fld.replace('_', ' ')}", getattr(en, fld), getattr(ka, fld), warnings)

    period = None
    progress = None
    src = source_url or source_url_ka
    if pid:
        kind = pid.split("-", 1)[1]
        year = pid.split("-", 1)[0]
        le, lk = PERIOD_LABELS.get(kind, (kind, kind))
        period = {"period_id": pid, "label_en": f"{year}, {le}", "label_ka": f"{year}, {lk}",
                  "as_of": f"{year}-{PERIOD_END.get(kind, '12-31')}"}
        if kind not in ("annual", "h1", "h2", "q1", "q2", "q3", "q4"):
            warnings.append(f"period {pid}: 'as of' date assumed to be {period['as_of']}")
        if (en and en.has_progress) or (ka and ka.has_progress):
            progress = {c: None for c in CPROGRESS_COLUMNS}
            progress.update(commitment_id=commitment_id, period_id=pid, state=state, rating=rating,
                            narrative_en=en.narrative if en else None, narrative_ka=ka.narrative if ka else None,
                            source_url=src)
    elif (en and en.has_progress) or (ka and ka.has_progress) or numbers:
        warnings.append("no reporting period: commitment and milestone progress not imported")

    milestones = []
    for num in numbers:
        me, mk = en_ms.get(num), ka_ms.get(num)
        row = {c: None for c in MILESTONE_COLUMNS}
        row.update(milestone_id=f"{commitment_id}/{num}", commitment_id=commitment_id, number=num,
                   source_url=src)
        for lang, m in (("en", me), ("ka", mk)):
            if m:
                row[f"title_{lang}"] = m.title
                row[f"indicator_{lang}"] = m.indicator
                row[f"lead_agency_{lang}"] = m.lead_agency
                row[f"partner_{lang}"] = m.partner

        def mpick(attr, what, me=me, mk=mk, num=num):
            ve = getattr(me, attr) if me else None
            vk = getattr(mk, attr) if mk else None
            if ve is not None and vk is not None and ve != vk:
                warnings.append(f"milestone {num}: {what} differs: English {ve!r}, Georgian {vk!r} (English kept)")
            elif me and mk and (ve is None) != (vk is None):
                warnings.append(f"milestone {num}: {what} given only in "
                                f"{'English' if ve is not None else 'Georgian'} ({ve if ve is not None else vk!r})")
            return ve if ve is not None else vk

        row["planned_start"] = mpick("planned_start", "planned start")
        row["planned_end"] = mpick("planned_end", "planned end")
        row["actual_start"] = mpick("actual_start", "actual start")
        mstate = mpick("state", "state")
        mrating = mpick("rating", "rating")
        if me and mk:
            for fld in ("title", "indicator", "lead_agency", "partner", "outcome"):
                _compare_places(f"milestone {num} {fld.replace('_', ' ')}", getattr(me, fld), getattr(mk, fld),
                                warnings)
        if row["actual_start"] and row["planned_end"] and row["actual_start"][:7] > row["planned_end"]:
            warnings.append(f"milestone {num}: started {row['actual_start']}, after its planned end "
                            f"{row['planned_end']}")
        mp = None
        if pid:
            mp = {c: None for c in MPROGRESS_COLUMNS}
            mp.update(milestone_id=row["milestone_id"], period_id=pid, state=mstate, rating=mrating,
                      outcome_en=me.outcome if me else None, outcome_ka=mk.outcome if mk else None, source_url=src)
        row["progress"] = mp
        milestones.append(row)
    if not commitment["title_en"] and commitment["title_ka"]:
        warnings.append("no English title: title_en (required) will be empty; the data set will not accept it")
    return ParseResult(commitment=commitment, themes=themes, sdgs=sdgs, jurisdictions=jurisdictions,
                       progress=progress, milestones=milestones, period=period, warnings=warnings,
                       languages=[p.lang for p in pages.values()])


def _compare_places(what: str, text_en: str | None, text_ka: str | None, warnings: list) -> None:
    if not text_en or not text_ka:
        return
    a, b = _mentions(text_en, "en"), _mentions(text_ka, "ka")
    if a == b:
        return
    fmt_en = ", ".join(MUNICIPALITY_NAMES[m][0] for m in sorted(a)) or "none"
    fmt_ka = ", ".join(f"{MUNICIPALITY_NAMES[m][1]} / {MUNICIPALITY_NAMES[m][0]}" for m in sorted(b)) or "none"
    warnings.append(f"{what}: the languages name different municipalities: English names {fmt_en}; "
                    f"Georgian names {fmt_ka}")


# ---------------------------------------------------------------------------------------------------------------
# Merging into a data directory
# ---------------------------------------------------------------------------------------------------------------

JOURNAL_DIR = ".import-journal"
MANIFEST = "manifest.json"
_TMP_RE = re.compile(r"^\..+\.import-\d+\.tmp$")


@dataclass
class CsvTable:
    name: str
    header: list
    rows: list
    original: bytes | None
    newline: str = "\n"
    bom: bool = False
    appended: list = field(default_factory=list)
    rewritten: bool = False

    @property
    def changed(self) -> bool:
        return self.rewritten or bool(self.appended)

    def key_of(self, row: dict) -> tuple:
        return tuple((row.get(k) or "").strip() for k in schema.TABLES_BY_NAME[self.name].key)

    def to_bytes(self) -> bytes:
        if not self.rewritten and self.original is not None:
            text = self.original.decode("utf-8-sig")
            if text and not text.endswith(("\n", "\r")):
                text += self.newline
            text += self._serialize(self.appended, header=False)
        else:
            text = self._serialize(self.rows, header=True)
        return (("\ufeff" if self.bom else "") + text).encode("utf-8")

    def _serialize(self, rows: list, header: bool) -> str:
        buf = io.StringIO()
        wr = csv.writer(buf, lineterminator=self.newline)
        if header:
            wr.writerow(self.header)
        for r in rows:
            wr.writerow([r.get(c) or "" for c in self.header])
        return buf.getvalue()


def _read_table(data_dir: Path, name: str) -> CsvTable:
    path = data_dir / f"{name}.csv"
    cols = list(schema.TABLES_BY_NAME[name].column_names)
    if not path.exists():
        return CsvTable(name, cols, [], None)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [dict(r) for r in reader]
    header = list(reader.fieldnames or cols)
    return CsvTable(name, header, rows, raw, "\r\n" if "\r\n" in text else "\n", raw.startswith(b"\xef\xbb\xbf"))


def _s(v) -> str:
    if v is None:
        return ""
    return str(v)


@dataclass
class ImportPlan:
    data_dir: Path
    tables: dict
    conflicts: list
    warnings: list
    summary: dict
    commitment: dict
    problems: list = field(default_factory=list)

    @property
    def changed_files(self) -> dict:
        return {f"{t.name}.csv": t.to_bytes() for t in self.tables.values() if t.changed}


def plan_import(result: ParseResult, data_dir: str | Path, replace: bool = False,
                explicit_plan: bool = False) -> ImportPlan:
    """Work out the merged tables; nothing is written. Conflicts (existing ids whose values would change without
    `replace`) are listed in .conflicts."""
    data_dir = Path(data_dir)
    names = ("periods", "jurisdictions", "action_plans", "commitments", "commitment_jurisdictions",
             "commitment_themes", "commitment_sdgs", "milestones", "commitment_progress", "milestone_progress")
    tables = {n: _read_table(data_dir, n) for n in names}
    conflicts: list[str] = []
    problems: list[str] = []
    warnings: list[str] = []
    summary: dict[str, dict[str, int]] = {}
    c = dict(result.commitment)
    cid = c["commitment_id"]

    existing_c = next((r for r in tables["commitments"].rows if r.get("commitment_id") == cid), None)
    # Plan and level: given > existing row > inferred.
    if existing_c is not None:
        if not explicit_plan or not c.get("plan_id"):
            c["plan_id"] = existing_c.get("plan_id") or c.get("plan_id")
        c["level"] = existing_c.get("level") or c.get("level")
    if not c.get("plan_id"):
        c["plan_id"] = _infer_plan(tables["action_plans"].rows, c, warnings)
    if not c.get("plan_id"):
        problems.append("cannot tell which action plan the commitment belongs to: pass --plan-id")
    if not c.get("level"):
        c["level"] = "national"
        warnings.append("level not known from the page (no municipality named): 'national' assumed; "
                        "pass --level to set it")

    def upsert(tname: str, row: dict, protect_planned: bool = False, new_only: tuple = ()):
        t = tables[tname]
        row = {k: _s(v) for k, v in row.items() if k in schema.TABLES_BY_NAME[tname].column_names}
        for col in row:
            if col not in t.header and row[col]:
                t.header.append(col)
                t.rewritten = True
        key = t.key_of(row)
        stats = summary.setdefault(tname, {"added": 0, "updated": 0, "unchanged": 0})
        for i, old in enumerate(t.rows):
            if t.key_of(old) != key:
                continue
            new = dict(old)
            diffs = []
            for col, val in row.items():
                if col in new_only or not val or (old.get(col) or "").strip() == val.strip():
                    continue
                if protect_planned and col in ("planned_start", "planned_end") and (old.get(col) or "").strip() \
                        and not replace:
                    warnings.append(f"{tname} {'/'.join(key)}: {col} kept as {old.get(col)!r} "
                                    f"(the page says {val!r}; planned dates change only with --replace)")
                    continue
                diffs.append((col, old.get(col) or "", val))
                new[col] = val
            if not diffs:
                stats["unchanged"] += 1
                return
            if not replace:
                shown = "; ".join(f"{col}: {a[:60]!r} -> {b[:60]!r}" for col, a, b in diffs[:6])
                conflicts.append(f"{tname} {'/'.join(key)} already exists with different values ({shown}"
                                 f"{'; …' if len(diffs) > 6 else ''})")
                return
            t.rows[i] = new
            t.rewritten = True
            stats["updated"] += 1
            return
        full = {col: "" for col in t.header}
        full.update(row)
        t.rows.append(full)
        t.appended.append(full)
        stats["added"] += 1

    if result.period:
        if not any(r.get("period_id") == result.period["period_id"] for r in tables["periods"].rows):
            upsert("periods", result.period)
    upsert("commitments", c, protect_planned=True, new_only=("notes",))

    def links(tname: str, col: str, values: list, prune: bool):
        t = tables[tname]
        have = {(r.get(col) or "").strip() for r in t.rows if r.get("commitment_id") == cid}
        want = {_s(v) for v in values}
        extra = have - want
        if extra and want and existing_c is not None:
            if prune and replace:
                t.rows = [r for r in t.rows if not (r.get("commitment_id") == cid and r.get(col) in extra)]
                t.rewritten = True
            elif prune:
                conflicts.append(f"{tname}: {cid} has {', '.join(sorted(extra))} which the page does not list")
        for v in values:
            if _s(v) not in have:
                upsert(tname, {"commitment_id": cid, col: v})

    links("commitment_themes", "theme_id", result.themes, prune=True)
    links("commitment_sdgs", "sdg", result.sdgs, prune=True)
    known_j = {r.get("jurisdiction_id") for r in tables["jurisdictions"].rows}
    js = []
    for j in result.jurisdictions:
        if j not in known_j and j in JURISDICTION_ROWS:
            ne, nk, kind, re_, rk, lat, lon = JURISDICTION_ROWS[j]
            upsert("jurisdictions", {"jurisdiction_id": j, "name_en": ne, "name_ka": nk, "kind": kind,
                                     "region_en": re_, "region_ka": rk, "lat": lat, "lon": lon})
            known_j.add(j)
        if j in known_j:
            js.append(j)
        else:
            warnings.append(f"jurisdiction '{j}' is not in jurisdictions.csv: commitment_jurisdictions not written")
    links("commitment_jurisdictions", "jurisdiction_id", js, prune=False)

    page_numbers = {m["number"] for m in result.milestones}
    for r in tables["milestones"].rows:
        if r.get("commitment_id") == cid and r.get("number") not in page_numbers:
            warnings.append(f"milestone {r.get('milestone_id')} is in the data but not on the page: left as it is")
    for m in result.milestones:
        row = {k: v for k, v in m.items() if k != "progress"}
        upsert("milestones", row, protect_planned=True)
    if result.progress:
        upsert("commitment_progress", result.progress)
        for m in result.milestones:
            if m.get("progress"):
                upsert("milestone_progress", m["progress"])
    return ImportPlan(data_dir, tables, conflicts, warnings, summary, c, problems)


def find_existing_commitment(result: ParseResult, data_dir: str | Path) -> str | None:
    """The id of an existing commitment with the same title (either language) or the same source URL."""
    c = result.commitment
    rows = _read_table(Path(data_dir), "commitments").rows
    for r in rows:
        for col in ("title_en", "title_ka", "source_url_en", "source_url_ka"):
            if c.get(col) and _norm(r.get(col) or "") == _norm(c[col]):
                if not c.get("number") or not r.get("number") or r.get("number") == c.get("number"):
                    return r["commitment_id"]
    return None


def _infer_plan(plans: list, c: dict, warnings: list) -> str | None:
    """The action plan whose period covers the commitment's timeline: from the plan's start/end, else from the
    years in its id or name ("georgia-2018-2019"). National plans first (the portal monitors the national plan,
    which has a municipal section), then the shortest period."""
    ps, pe = c.get("planned_start"), c.get("planned_end") or c.get("planned_start")
    if not plans or not ps:
        return None

    def months(ym: str) -> int:
        return int(ym[:4]) * 12 + int(ym[5:7])

    cands = []
    for p in plans:
        s, e = (p.get("start") or "").strip(), (p.get("end") or "").strip()
        if not (re.fullmatch(r"\d{4}-\d{2}", s) and re.fullmatch(r"\d{4}-\d{2}", e)):
            years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", f"{p.get('plan_id', '')}")] or \
                [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", p.get("name_en") or "")]
            if not years:
                continue
            s, e = f"{min(years)}-01", f"{max(years)}-12"
        if s <= ps and pe <= e:
            cands.append((0 if p.get("level") == "national" else 1, months(e) - months(s), p["plan_id"]))
    if not cands:
        return None
    cands.sort()
    chosen = cands[0][2]
    warnings.append(f"action plan not given: '{chosen}' chosen as the "
                    f"{'national' if cands[0][0] == 0 else 'local'} plan whose period covers {ps}..{pe} "
                    "(pass --plan-id to set it)")
    return chosen


# ---------------------------------------------------------------------------------------------------------------
# Atomic write with a journal
# ---------------------------------------------------------------------------------------------------------------

def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def has_pending_journal(data_dir: str | Path) -> bool:
    """True when an import was interrupted mid-replace and `recover()` has not yet restored the data."""
    return (Path(data_dir) / JOURNAL_DIR / MANIFEST).exists()


def recover(data_dir: str | Path) -> list[str]:
    """Undo an interrupted import: restore the journalled originals and clean temp files. Idempotent."""
    data_dir = Path(data_dir)
    jdir = data_dir / JOURNAL_DIR
    msgs = []
    manifest = jdir / MANIFEST
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        for e in entries:
            target = data_dir / e["name"]
            if e["existed"]:
                backup = jdir / e["backup"]
                if backup.exists():
                    shutil.copyfile(backup, target)  # copy, not move: a crash here can simply be recovered again
            elif target.exists():
                target.unlink()
        _fsync_dir(data_dir)
        manifest.unlink()
        msgs.append(f"recovered an interrupted import: restored {len(entries)} file(s) in {data_dir.name}/")
    if jdir.exists():
        shutil.rmtree(jdir, ignore_errors=True)
    for p in data_dir.iterdir() if data_dir.exists() else []:
        if _TMP_RE.match(p.name):
            p.unlink(missing_ok=True)
    return msgs


def _validate(data_dir: Path, files: dict[str, bytes]) -> None:
    """Validate the whole resulting set (unchanged files + new bytes) with the store's loader."""
    mapping = {}
    for p in sorted(data_dir.iterdir()):
        if p.is_file() and (p.suffix == ".csv" or p.name == schema.METADATA_FILE) and not p.name.startswith("."):
            mapping[p.name] = p.read_bytes()
    mapping.update(files)
    try:
        from dashboard import store
    except ImportError:  # pragma: no cover - the store is being written in parallel
        _fallback_validate(mapping)
        return
    try:
        store.load_dataset(mapping)
    except store.DataError as exc:
        problems = getattr(exc, "problems", None) or [exc]
        raise ImportError_("the imported data would not be valid; nothing was written:\n  "
                           + "\n  ".join(str(p) for p in problems[:30])) from None


def _fallback_validate(mapping: dict[str, bytes]) -> None:
    problems = []
    keys = {}
    for t in schema.TABLES:
        raw = mapping.get(t.file)
        if raw is None:
            continue
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        seen = set()
        for i, r in enumerate(rows, start=2):
            k = tuple(r.get(c, "") for c in t.key)
            if k in seen:
                problems.append(f"{t.file}:{i}: duplicate key {k}")
            seen.add(k)
            for col in t.columns:
                if col.required and not (r.get(col.name) or "").strip():
                    problems.append(f"{t.file}:{i}: {col.name}: required")
        keys[t.name] = (seen, rows)
    for t in schema.TABLES:
        if t.name not in keys:
            continue
        for ref in t.references:
            if ref.table not in keys:
                continue
            target = {tuple(r.get(c, "") for c in ref.target) for r in keys[ref.table][1]}
            for i, r in enumerate(keys[t.name][1], start=2):
                v = tuple(r.get(c, "") for c in ref.columns)
                if all(v) and v not in target:
                    problems.append(f"{t.file}:{i}: {','.join(ref.columns)}: {v} not in {ref.table}")
    if problems:
        raise ImportError_("the imported data would not be valid; nothing was written:\n  " + "\n  ".join(problems))


def _test_pause() -> None:
    """Test hook (tests/test_faults.py): with DASHBOARD_IMPORT_PAUSE=<seconds> set, sleep after each file is moved
    into place, so a test can kill the import half-way through the replacement."""
    delay = os.environ.get("DASHBOARD_IMPORT_PAUSE")
    if delay:
        import time

        time.sleep(float(delay))


def write_import(plan: ImportPlan) -> list[str]:
    """Write the changed files all-or-nothing. Returns the names written."""
    data_dir = plan.data_dir
    files = plan.changed_files
    if not files:
        return []
    _validate(data_dir, files)
    recover(data_dir)  # leftovers of an earlier interrupted run
    pid = os.getpid()
    temps = {}
    try:
        for name, data in files.items():
            tmp = data_dir / f".{name}.import-{pid}.tmp"
            _write_file(tmp, data)
            temps[name] = tmp
        jdir = data_dir / JOURNAL_DIR
        jdir.mkdir(exist_ok=True)
        entries = []
        for name in files:
            target = data_dir / name
            existed = target.exists()
            e = {"name": name, "existed": existed, "backup": f"{name}.orig"}
            if existed:
                _write_file(jdir / e["backup"], target.read_bytes())
            entries.append(e)
        _write_file(jdir / (MANIFEST + ".tmp"), json.dumps({"files": entries}).encode())
        os.replace(jdir / (MANIFEST + ".tmp"), jdir / MANIFEST)
        _fsync_dir(jdir)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        shutil.rmtree(data_dir / JOURNAL_DIR, ignore_errors=True)
        raise
    try:
        for name, tmp in temps.items():
            os.replace(tmp, data_dir / name)
            _test_pause()
        _fsync_dir(data_dir)
    except BaseException as exc:
        recover(data_dir)
        raise ImportError_(f"writing was interrupted ({exc!r}); the data directory was restored") from exc
    (data_dir / JOURNAL_DIR / MANIFEST).unlink()  # commit point
    shutil.rmtree(data_dir / JOURNAL_DIR, ignore_errors=True)
    return list(files)


# ---------------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------------

def _resolve_data_dir(data_dir) -> Path:
    try:
        from dashboard.store import resolve_data_dir
        return Path(resolve_data_dir(data_dir))
    except ImportError:  # pragma: no cover
        if data_dir:
            return Path(data_dir)
        if os.environ.get("DASHBOARD_DATA"):
            return Path(os.environ["DASHBOARD_DATA"])
        return Path(__file__).resolve().parents[2] / "data"


def _read_text(path: str) -> str:
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _describe(result: ParseResult) -> str:
    c = result.commitment
    out = [f"Commitment {c['commitment_id']} (number {c['number'] or '?'}, languages: "
           f"{', '.join(LANG_NAMES[x] for x in result.languages)})",
           f"  title: {c['title_en'] or '-'} | {c['title_ka'] or '-'}",
           f"  lead agency: {c['lead_agency_en'] or '-'} | {c['lead_agency_ka'] or '-'}",
           f"  planned: {c['planned_start'] or '?'} .. {c['planned_end'] or '?'}; themes: "
           f"{', '.join(result.themes) or '-'}; SDGs: {', '.join(map(str, result.sdgs)) or '-'}; "
           f"jurisdictions: {', '.join(result.jurisdictions) or '-'}"]
    p = result.progress
    if p:
        out.append(f"  progress {p['period_id']}: state {p['state'] or 'not reported'}, "
                   f"rating {p['rating'] or 'not reported'}")
    out.append(f"  milestones: {len(result.milestones)}")
    for m in result.milestones:
        mp = m.get("progress") or {}
        out.append(f"    {m['number']}: {m['planned_start'] or '?'}..{m['planned_end'] or '?'}"
                   f"{' started ' + m['actual_start'] if m['actual_start'] else ''}; "
                   f"{mp.get('state') or '-'} / {mp.get('rating') or '-'}; {(m['title_en'] or m['title_ka'] or '')[:70]}")
    return "\n".join(out)


def cli_import_page(files, data_dir=None, dry_run=False, as_json=False, replace=False, *,
                    commitment_id=None, source_url=None, source_url_ka=None, plan_id=None, level=None,
                    jurisdiction=None, period_id=None, out=None) -> int:
    """The `import-page` command. Returns the exit code (0 ok, 1 refused/invalid)."""
    out = out or sys.stdout
    err = sys.stderr if out is sys.stdout else out
    if not 1 <= len(files) <= 2:
        print("import-page: give one or two page files (English and/or Georgian)", file=err)
        return 1
    try:
        texts = [(Path(f).name, _read_text(f)) for f in files]
    except OSError as exc:
        print(f"import-page: cannot read {exc.filename}: {exc.strerror}", file=err)
        return 1
    try:
        result = parse_pages(texts, commitment_id=commitment_id, source_url=source_url, source_url_ka=source_url_ka,
                             plan_id=plan_id, level=level, jurisdiction=jurisdiction, period_id=period_id)
    except ImportError_ as exc:
        print(f"import-page: {exc}", file=err)
        return 1
    ddir = _resolve_data_dir(data_dir)
    if not commitment_id and ddir.is_dir():
        found = find_existing_commitment(result, ddir)
        if found:
            result = parse_pages(texts, commitment_id=found, source_url=source_url, source_url_ka=source_url_ka,
                                 plan_id=plan_id, level=level, jurisdiction=jurisdiction, period_id=period_id)
            result.warnings.append(f"no commitment id given: the page matches existing commitment '{found}' "
                                   "by title or source URL")
    plan = None
    error = None
    written: list[str] = []
    notes: list[str] = []
    if ddir.is_dir():
        if not dry_run:
            notes += recover(ddir)
        elif has_pending_journal(ddir):
            notes.append(f"{ddir.name}/ holds an interrupted import; the next import (or recover()) restores it")
        plan = plan_import(result, ddir, replace=replace, explicit_plan=bool(plan_id))
        if plan.problems:
            error = "nothing written: " + "; ".join(plan.problems)
        elif plan.conflicts:
            error = ("nothing written: existing ids would change (use --replace to overwrite them):\n  "
                     + "\n  ".join(plan.conflicts))
        elif not dry_run:
            try:
                written = write_import(plan)
            except ImportError_ as exc:
                error = str(exc)
    elif not dry_run:
        error = f"data directory {ddir} does not exist"
    warnings = result.warnings + (plan.warnings if plan else [])
    if as_json:
        doc = result.as_json()
        if plan:
            doc["commitment"]["plan_id"] = plan.commitment.get("plan_id")
            doc["commitment"]["level"] = plan.commitment.get("level")
        doc["warnings"] = warnings
        doc["changes"] = plan.summary if plan else {}
        doc["written"] = written
        doc["dry_run"] = bool(dry_run)
        doc["notes"] = notes
        if error:
            doc["error"] = error
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for n in notes:
            print(n, file=out)
        print(_describe(result), file=out)
        if warnings:
            print(f"Warnings ({len(warnings)}):", file=out)
            for w in warnings:
                print(f"  - {w}", file=out)
        if plan:
            ch = ", ".join(f"{t}: +{s['added']} ~{s['updated']} ={s['unchanged']}" for t, s in plan.summary.items())
            print(f"Changes ({'dry run, nothing written' if dry_run else 'written' if written else 'none'}): {ch}",
                  file=out)
    if error:
        print(f"import-page: {error}", file=err)
        return 1
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="one or two page files, in either language")
    p.add_argument("--data", default=None)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--replace", action="store_true")
    p.add_argument("--commitment-id", default=None, help="id of the commitment (else reused by title or derived)")
    p.add_argument("--plan-id", default=None)
    p.add_argument("--level", choices=schema.COMMITMENT_LEVELS, default=None)
    p.add_argument("--jurisdiction", default=None, help="jurisdiction id (else from the lead agency)")
    p.add_argument("--period-id", default=None, help="override the reporting period (e.g. 2019-annual)")
    p.add_argument("--source-url", default=None, help="URL of the English page")
    p.add_argument("--source-url-ka", default=None, help="URL of the Georgian page")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.importers.portal_page", description=__doc__.split("\n")[0])
    add_arguments(p)
    a = p.parse_args(argv)
    return cli_import_page(a.files, data_dir=a.data, dry_run=a.dry_run, as_json=a.json, replace=a.replace,
                           commitment_id=a.commitment_id, source_url=a.source_url, source_url_ka=a.source_url_ka,
                           plan_id=a.plan_id, level=a.level, jurisdiction=a.jurisdiction, period_id=a.period_id)


if __name__ == "__main__":
    sys.exit(main())
