"""One or two parsed pages -> the rows of one commitment (`ParseResult`), in the schema's column names.

Each file's language is detected from its script; the English and Georgian versions are paired by milestone
number and every disagreement (dates, states, ratings, milestone sets, municipalities named in one language but not
in the other) is a warning. Where the two disagree, the English value is kept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from dashboard import schema
from dashboard.i18n import LANGS
from dashboard.importers.portal_page.errors import ImportError_, UnreadableLanguage
from dashboard.importers.portal_page.parse import Page, PageMilestone, parse_page
from dashboard.importers.portal_page.phrases import municipalities_named, norm, other_alphabet
from dashboard.importers.portal_page.vocabulary import LANG_NAMES, MUNICIPALITY_NAMES, PERIOD_END, PERIOD_LABELS

COMMITMENT_COLUMNS = schema.TABLES_BY_NAME["commitments"].column_names
MILESTONE_COLUMNS = schema.TABLES_BY_NAME["milestones"].column_names
CPROGRESS_COLUMNS = schema.TABLES_BY_NAME["commitment_progress"].column_names
MPROGRESS_COLUMNS = schema.TABLES_BY_NAME["milestone_progress"].column_names
_PERIODS_WITH_KNOWN_END = ("annual", "h1", "h2", "q1", "q2", "q3", "q4")


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
    for group in zip(*[p[:-1] for p in parts], strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return ".".join(common) or None


def _either(a, b, attr: str):
    """`attr` of the English and of the Georgian object (None for a missing object)."""
    return (getattr(a, attr) if a else None), (getattr(b, attr) if b else None)


@dataclass
class _Pair:
    """The English and Georgian page (either may be missing) and the warnings of pairing them."""

    en: Page | None
    ka: Page | None
    warnings: list[str]
    languages: list[str]  # in the order the pages were given

    @property
    def pages(self) -> list[Page]:
        return [p for p in (self.en, self.ka) if p]

    def pick(self, attr: str, what: str):
        """The English value, else the Georgian one; a warning when both are given and differ."""
        ve, vk = _either(self.en, self.ka, attr)
        if ve is not None and vk is not None and ve != vk:
            self.warnings.append(f"commitment {what} differs: English {ve!r}, Georgian {vk!r} (English kept)")
        return ve if ve is not None else vk

    def pick_milestone(self, me: PageMilestone | None, mk: PageMilestone | None, num: str, attr: str, what: str):
        ve, vk = _either(me, mk, attr)
        if ve is not None and vk is not None and ve != vk:
            self.warnings.append(f"milestone {num}: {what} differs: English {ve!r}, Georgian {vk!r} (English kept)")
        elif me and mk and (ve is None) != (vk is None):
            self.warnings.append(f"milestone {num}: {what} given only in "
                                 f"{'English' if ve is not None else 'Georgian'} ({ve if ve is not None else vk!r})")
        return ve if ve is not None else vk

    def compare_places(self, what: str, text_en: str | None, text_ka: str | None) -> None:
        """A warning when the two languages' texts name different municipalities."""
        if not text_en or not text_ka:
            return
        a, b = municipalities_named(text_en, "en"), municipalities_named(text_ka, "ka")
        if a == b:
            return
        fmt_en = ", ".join(MUNICIPALITY_NAMES[m][0] for m in sorted(a)) or "none"
        fmt_ka = ", ".join(f"{MUNICIPALITY_NAMES[m][1]} / {MUNICIPALITY_NAMES[m][0]}" for m in sorted(b)) or "none"
        self.warnings.append(f"{what}: the languages name different municipalities: English names {fmt_en}; "
                             f"Georgian names {fmt_ka}")


# A page is read only when at least this many of its labels are found in English or Georgian (a page in another
# language with one English "Timeline:" line is not a monitoring page we can read).
MIN_LABELS = 2


def _read_pages(texts: list[tuple[str, str]]) -> _Pair:
    pages: dict[str, Page] = {}
    for name, text in texts:
        page = parse_page(text, source=name)
        if page.labels < MIN_LABELS or other_alphabet(text):
            raise UnreadableLanguage(name)
        if page.lang in pages:
            raise ImportError_(f"{pages[page.lang].source} and {name} are both {LANG_NAMES[page.lang]}; "
                               "give one English and/or one Georgian page")
        pages[page.lang] = page
    warnings: list[str] = []
    for lang in LANGS:
        if lang in pages:
            warnings.extend(pages[lang].warnings)
    for lang in LANGS:
        if lang not in pages:
            warnings.append(f"no {LANG_NAMES[lang]} page: the _{lang} columns are left empty")
    return _Pair(pages.get("en"), pages.get("ka"), warnings, list(pages))


def parse_pages(texts: list[tuple[str, str]], *, commitment_id: str | None = None, source_url: str | None = None,
                source_url_ka: str | None = None, plan_id: str | None = None, level: str | None = None,
                jurisdiction: str | None = None, period_id: str | None = None) -> ParseResult:
    """Parse one or two pages given as (name, text). Languages are detected; pairs by milestone number."""
    pair = _read_pages(texts)
    en_ms, ka_ms, numbers = _pair_milestones(pair)
    number = _commitment_number(pair, numbers)
    jurisdictions = _jurisdictions(pair, jurisdiction)
    if not level:
        level = "municipal" if jurisdictions and jurisdictions != ["georgia"] else None
    if not commitment_id:
        title = (pair.en and pair.en.title) or (pair.ka and pair.ka.title) or ""
        base = number or hashlib.sha1(title.encode()).hexdigest()[:8]
        commitment_id = f"PORTAL-{base}" + (f"-{jurisdictions[0]}" if jurisdictions else "")
        pair.warnings.append(f"no commitment id given: derived '{commitment_id}' (pass --commitment-id to set it)")
    commitment = _commitment_row(pair, commitment_id=commitment_id, plan_id=plan_id, level=level, number=number,
                                 source_url_en=source_url if pair.en or not pair.ka else None,
                                 source_url_ka=source_url_ka)
    themes = pair.pick("themes", "thematic areas") or []
    sdgs = pair.pick("sdgs", "SDGs") or []
    state = pair.pick("state", "progress state")
    rating = pair.pick("rating", "progress rating")
    pid = period_id or pair.pick("period_id", "reporting period")
    if pair.en and pair.ka:
        for fld in ("title", "description", "outcome", "lead_agency", "narrative"):
            pair.compare_places(f"commitment {fld.replace('_', ' ')}", getattr(pair.en, fld), getattr(pair.ka, fld))
    src = source_url or source_url_ka
    has_progress = any(p.has_progress for p in pair.pages)
    period = progress = None
    if pid:
        period = _period_row(pid, pair.warnings)
        if has_progress:
            progress = {c: None for c in CPROGRESS_COLUMNS}
            progress.update(commitment_id=commitment_id, period_id=pid, state=state, rating=rating,
                            narrative_en=pair.en.narrative if pair.en else None,
                            narrative_ka=pair.ka.narrative if pair.ka else None, source_url=src)
    elif has_progress or numbers:
        pair.warnings.append("no reporting period: commitment and milestone progress not imported")
    milestones = [_milestone_row(pair, en_ms.get(num), ka_ms.get(num), num, commitment_id, pid, src)
                  for num in numbers]
    if not commitment["title_en"] and commitment["title_ka"]:
        pair.warnings.append("no English title: title_en (required) will be empty; the data set will not accept it")
    return ParseResult(commitment=commitment, themes=themes, sdgs=sdgs, jurisdictions=jurisdictions,
                       progress=progress, milestones=milestones, period=period, warnings=pair.warnings,
                       languages=pair.languages)


def _pair_milestones(pair: _Pair) -> tuple[dict[str, PageMilestone], dict[str, PageMilestone], list[str]]:
    """Each language's milestones by number, and every number (English order, then the Georgian-only ones)."""
    en_ms = {m.number: m for m in (pair.en.milestones if pair.en else [])}
    ka_ms = {m.number: m for m in (pair.ka.milestones if pair.ka else [])}
    if pair.en and pair.ka:
        only_en = [n for n in en_ms if n not in ka_ms]
        only_ka = [n for n in ka_ms if n not in en_ms]
        if only_en:
            pair.warnings.append(f"milestone(s) only on the English page: {', '.join(only_en)}")
        if only_ka:
            pair.warnings.append(f"milestone(s) only on the Georgian page: {', '.join(only_ka)}")
    return en_ms, ka_ms, list(en_ms) + [n for n in ka_ms if n not in en_ms]


def _commitment_number(pair: _Pair, numbers: list[str]) -> str | None:
    """From the milestone numbers, else from a number at the start of the title."""
    number = milestone_base_number(numbers)
    if number is None:
        for p in pair.pages:
            if p.title and (m := re.match(r"^(\d+(?:\.\d+)*)\.?\s", p.title)):
                number = m.group(1)
                break
    if number is None:
        pair.warnings.append("commitment number unknown (no milestone numbers on the page)")
    return number


def _jurisdictions(pair: _Pair, given: str | None) -> list[str]:
    """The given jurisdiction, else the municipalities named by the lead agency (else by the title)."""
    munis: set[str] = set()
    for p in pair.pages:
        munis |= municipalities_named(p.lead_agency, p.lang)
    if not munis:
        for p in pair.pages:
            munis |= municipalities_named(p.title, p.lang)
    if given:
        return [given]
    if len(munis) > 1:
        pair.warnings.append(f"several municipalities named by the lead agency/title: {', '.join(sorted(munis))}")
    return sorted(munis)


def _commitment_row(pair: _Pair, **values) -> dict:
    commitment = {c: None for c in COMMITMENT_COLUMNS}
    commitment.update(values)
    for p in pair.pages:
        commitment[f"title_{p.lang}"] = p.title
        commitment[f"description_{p.lang}"] = p.description
        commitment[f"outcome_{p.lang}"] = p.outcome
        commitment[f"lead_agency_{p.lang}"] = p.lead_agency
    notes = [f"{LANG_NAMES[p.lang]} page heading: {p.heading}" for p in pair.pages
             if p.heading and p.title and norm(p.heading) != norm(p.title)]
    commitment["notes"] = "; ".join(notes) or None
    commitment["planned_start"] = pair.pick("planned_start", "planned start")
    commitment["planned_end"] = pair.pick("planned_end", "planned end")
    return commitment


def _period_row(pid: str, warnings: list[str]) -> dict:
    year, kind = pid.split("-", 1)[0], pid.split("-", 1)[1]
    le, lk = PERIOD_LABELS.get(kind, (kind, kind))
    period = {"period_id": pid, "label_en": f"{year}, {le}", "label_ka": f"{year}, {lk}",
              "as_of": f"{year}-{PERIOD_END.get(kind, '12-31')}"}
    if kind not in _PERIODS_WITH_KNOWN_END:
        warnings.append(f"period {pid}: 'as of' date assumed to be {period['as_of']}")
    return period


def _milestone_row(pair: _Pair, me: PageMilestone | None, mk: PageMilestone | None, num: str,
                   commitment_id: str, pid: str | None, src: str | None) -> dict:
    """The milestones row of one number, with its milestone_progress row under "progress" (None without a
    reporting period)."""
    row = {c: None for c in MILESTONE_COLUMNS}
    row.update(milestone_id=f"{commitment_id}/{num}", commitment_id=commitment_id, number=num, source_url=src)
    for lang, m in (("en", me), ("ka", mk)):
        if m:
            row[f"title_{lang}"] = m.title
            row[f"indicator_{lang}"] = m.indicator
            row[f"lead_agency_{lang}"] = m.lead_agency
            row[f"partner_{lang}"] = m.partner
    row["planned_start"] = pair.pick_milestone(me, mk, num, "planned_start", "planned start")
    row["planned_end"] = pair.pick_milestone(me, mk, num, "planned_end", "planned end")
    row["actual_start"] = pair.pick_milestone(me, mk, num, "actual_start", "actual start")
    state = pair.pick_milestone(me, mk, num, "state", "state")
    rating = pair.pick_milestone(me, mk, num, "rating", "rating")
    if me and mk:
        for fld in ("title", "indicator", "lead_agency", "partner", "outcome"):
            pair.compare_places(f"milestone {num} {fld.replace('_', ' ')}", getattr(me, fld), getattr(mk, fld))
    if row["actual_start"] and row["planned_end"] and row["actual_start"][:7] > row["planned_end"]:
        pair.warnings.append(f"milestone {num}: started {row['actual_start']}, after its planned end "
                             f"{row['planned_end']}")
    progress = None
    if pid:
        progress = {c: None for c in MPROGRESS_COLUMNS}
        progress.update(milestone_id=row["milestone_id"], period_id=pid, state=state, rating=rating,
                        outcome_en=me.outcome if me else None, outcome_ka=mk.outcome if mk else None, source_url=src)
    row["progress"] = progress
    return row
