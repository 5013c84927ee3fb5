"""One page's text -> a parsed `Page` (either language). Pure: text in, values and warnings out.

Missing parts (timeline, progress block, milestones) are left None and reported as warnings, never guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from dashboard import schema
from dashboard.importers.portal_page.layout import header_label, unglue
from dashboard.importers.portal_page.phrases import (
    detect_language,
    fold,
    match_phrase,
    norm,
    normalize_text,
    parse_actual_start,
    parse_month,
    parse_period,
    parse_state_rating,
)
from dashboard.importers.portal_page.vocabulary import (
    BREADCRUMBS,
    CHROME_LINES,
    CHROME_STOP,
    LANG_NAMES,
    MILESTONE_LABELS,
    SDG_NAMES,
    STATE_WORDS,
    THEME_WORDS,
)

_NUMBER_RE = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+(\S.*)$")


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


@dataclass
class Page:
    lang: str
    title: str | None = None
    heading: str | None = None
    description: str | None = None
    outcome: str | None = None
    lead_agency: str | None = None
    planned_start: str | None = None
    planned_end: str | None = None
    themes: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    period_id: str | None = None
    state: str | None = None
    rating: str | None = None
    narrative: str | None = None
    has_progress: bool = False
    labels: int = 0  # how many of the page's labels were read (Timeline:, Lead Agency:, Milestones: ...)
    milestones: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    source: str = ""


@dataclass
class _Sections:
    """A page's lines by section."""

    pre: list[str] = field(default_factory=list)  # non-empty lines before the first field
    fields: dict[str, list[str]] = field(default_factory=dict)  # header field -> its non-empty lines
    progress: list[str] | None = None  # lines below the "Progress:" label; None without a progress block
    milestones: list[str] | None = None  # lines below the "Milestones:" label; None without that section


def parse_page(text: str, lang: str | None = None, source: str = "") -> Page:
    """Parse one monitoring page (either language). Never raises on a short or odd page: warns instead."""
    text = normalize_text(text)
    lang = lang or detect_language(text)
    page = Page(lang=lang, source=source)
    label = source or LANG_NAMES[lang]
    sections = _split_sections(unglue(_content_lines(text)))
    page.has_progress = sections.progress is not None
    page.labels = len(sections.fields) + (sections.milestones is not None)
    _read_title(page, sections, label)
    _read_header(page, sections.fields, label)
    _read_progress(page, sections.progress, label)
    if sections.milestones is None:
        page.warnings.append(f"{label}: no milestones section")
    else:
        page.milestones = _parse_milestones(sections.milestones, label, page.warnings)
        if not page.milestones:
            page.warnings.append(f"{label}: milestones section is empty")
    return page


def _content_lines(text: str) -> list[str]:
    """The page's lines without the comment form at the end and other chrome."""
    lines = text.split("\n")
    cut = next((i for i, ln in enumerate(lines) if i > 0 and fold(ln) in CHROME_STOP), len(lines))
    return [ln for ln in lines[:cut] if fold(ln) not in CHROME_LINES]


def _split_sections(lines: list[str]) -> _Sections:
    """The lines by section. Without a "Progress:" label, the lines below the lead agency's value are the
    progress block (dashboard/importers/portal_page/layout.py)."""
    sections = _Sections()
    ms_at = next((i for i, ln in enumerate(lines) if (h := header_label(ln)) and h[0] == "milestones"), None)
    head = lines if ms_at is None else lines[:ms_at]
    if ms_at is not None:
        sections.milestones = lines[ms_at + 1:]
    labelled = any((h := header_label(ln)) and h[0] == "progress" for ln in head)
    current = None
    for ln in head:
        h = header_label(ln)
        if h:
            current = h[0]
            sections.fields.setdefault(current, [])
            if h[1]:
                sections.fields[current].append(h[1])
            if current == "progress" and sections.progress is None:
                sections.progress = []
        elif current is None:
            if norm(ln):
                sections.pre.append(norm(ln))
        elif current == "lead_agency" and not labelled and sections.fields[current] and norm(ln):
            current = "progress"
            sections.progress = [ln]
        elif current == "progress":
            sections.progress.append(ln)
        elif norm(ln):
            sections.fields[current].append(norm(ln))
    return sections


def _joined(fields: dict[str, list[str]], name: str) -> str | None:
    return " ".join(fields.get(name, [])) or None


def _read_title(page: Page, sections: _Sections, label: str) -> None:
    """Title: the "Commitment:" field, else the page heading (first non-breadcrumb line). A heading worded
    differently is kept in the commitment's notes."""
    pre = [p for p in sections.pre if fold(p) not in BREADCRUMBS]
    page.heading = pre[0] if pre else None
    if len(pre) > 1:
        page.warnings.append(f"{label}: unrecognised text before the fields ignored: {' / '.join(pre[1:])[:200]}")
    page.title = _joined(sections.fields, "commitment") or page.heading
    if not page.title:
        page.warnings.append(f"{label}: no commitment title found")


def _read_header(page: Page, fields: dict[str, list[str]], label: str) -> None:
    """Description (and an outcome written into it), lead agency, timeline, themes, SDGs, reporting period."""
    w = page.warnings
    desc = _joined(fields, "description")
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
    page.lead_agency = _joined(fields, "lead_agency")
    if not page.lead_agency:
        w.append(f"{label}: no lead agency")
    _read_timeline(page, _joined(fields, "timeline"), label)
    themes = _joined(fields, "themes")
    if themes:
        page.themes = _parse_themes(themes, label, w)
    else:
        w.append(f"{label}: no OGP thematic areas")
    sdgs = _joined(fields, "sdg")
    if sdgs:
        page.sdgs = _parse_sdgs(sdgs, label, w)
    else:
        w.append(f"{label}: no SDG")
    period = _joined(fields, "period")
    if period:
        page.period_id = parse_period(period)
        if not page.period_id:
            w.append(f"{label}: reporting period '{period}' not understood")
    else:
        w.append(f"{label}: no reporting period")


def _read_timeline(page: Page, tl: str | None, label: str) -> None:
    if not tl:
        page.warnings.append(f"{label}: no timeline (planned start/end left empty)")
        return
    parts = re.split(r"(?i)end\s*date|დასრულების\s+თარიღი|დასრულება", tl, maxsplit=1)
    if len(parts) == 2:
        page.planned_start, page.planned_end = parse_month(parts[0]), parse_month(parts[1])
    else:
        months = re.split(r"\s+[-–]\s+(?=\S*\s*\d)|,", tl)
        found = [parse_month(p) for p in months if parse_month(p)]
        page.planned_start = found[0] if found else None
        page.planned_end = found[1] if len(found) > 1 else None
    if not page.planned_start or not page.planned_end:
        page.warnings.append(f"{label}: timeline '{tl}' could not be read fully")


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
            if fold(en) in fold(text) or fold(ka) in fold(text):
                out.append(n)
        if not out:
            w.append(f"{label}: SDG '{text}' not recognised")
    return out


def _read_progress(page: Page, lines: list[str] | None, label: str) -> None:
    """State and rating (the block's first line), then the narrative."""
    w = page.warnings
    if lines is None:
        w.append(f"{label}: no progress block (state, rating and narrative not imported)")
        return
    first = next((i for i, ln in enumerate(lines) if norm(ln)), None)
    if first is not None:
        s, r = parse_state_rating(lines[first])
        if s or r:
            page.state, page.rating = s, r
            rest = lines[first + 1:]
        else:
            rest = lines
        page.narrative = _paragraphs(rest)
    if not page.state:
        w.append(f"{label}: progress state not reported")
    if not page.rating:
        w.append(f"{label}: progress rating not reported")
    if not page.narrative:
        w.append(f"{label}: no progress narrative")


def _paragraphs(lines: list[str]) -> str | None:
    out: list[str] = []
    blank = False
    for ln in lines:
        s = norm(ln)
        if not s:
            blank = bool(out)
            continue
        if blank:
            out.append("")
        out.append(s)
        blank = False
    text = "\n".join(out).strip()
    return text or None


# ------------------------------------------------------------------------------------------------- milestones

@functools.cache
def _milestone_labels() -> dict[str, str]:
    """Folded label -> field name (the first field that lists a label wins, as in MILESTONE_LABELS' order)."""
    out: dict[str, str] = {}
    for name, labels in MILESTONE_LABELS.items():
        for lab in labels:
            out.setdefault(fold(lab), name)
    return out


def _milestone_label(line: str) -> str | None:
    return _milestone_labels().get(fold(line))


def _parse_milestones(lines: list[str], label: str, w: list) -> list[PageMilestone]:
    nonblank = [norm(ln) for ln in lines if norm(ln)]
    starts = _milestone_starts(nonblank)
    out = []
    for n, k in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(nonblank)
        out.append(_parse_milestone(nonblank[k:end], label, w))
    if out and not out[-1].rating and not out[-1].outcome:
        w.append(f"{label}: the page appears cut short inside milestone {out[-1].number}")
    seen = set()
    for ms in out:
        if ms.number in seen:
            w.append(f"{label}: milestone {ms.number} appears twice; the last one is kept")
        seen.add(ms.number)
    return list({ms.number: ms for ms in out}.values())


def _milestone_starts(lines: list[str]) -> list[int]:
    """Indexes of the numbered lines ('6.2.1. Title') followed by a state, a field label or nothing."""
    starts = []
    for k, s in enumerate(lines):
        if not _NUMBER_RE.match(s):
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if k + 1 >= len(lines) or match_phrase(nxt, STATE_WORDS) or _milestone_label(nxt) \
                or parse_state_rating(nxt) != (None, None):
            starts.append(k)
    return starts


def _parse_milestone(block: list[str], label: str, w: list) -> PageMilestone:
    m = _NUMBER_RE.match(block[0])
    ms = PageMilestone(number=m.group(1), title=m.group(2).strip())
    values = _milestone_fields(ms, block[1:], label, w)

    def get(name: str) -> str | None:
        return " ".join(values.get(name, [])).strip() or None

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
        rt = parse_state_rating(rating_text)[1]
        ms.rating = rt or ms.rating
        if not rt:
            w.append(f"{label}: milestone {ms.number}: rating '{rating_text}' not understood")
    ms.actual_start = parse_actual_start(ms.outcome, detect_language(" ".join(block)))
    missing = [n for n, v in (("state", ms.state), ("rating", ms.rating), ("indicator", ms.indicator),
                              ("lead agency", ms.lead_agency), ("planned start", ms.planned_start),
                              ("planned end", ms.planned_end), ("outcome", ms.outcome)) if not v]
    if missing:
        w.append(f"{label}: milestone {ms.number}: not reported: {', '.join(missing)}")
    return ms


def _milestone_fields(ms: PageMilestone, lines: list[str], label: str, w: list) -> dict[str, list[str]]:
    """The lines under each field label of one milestone. Lines before the first label continue the title or
    give the state and rating."""
    values: dict[str, list[str]] = {}
    cur = None
    title_done = False
    for s in lines:
        lab = _milestone_label(s)
        if lab:
            cur = lab
            values[lab] = []  # a later occurrence of a label (the real field) replaces the tab header
            title_done = True
        elif cur is not None:
            values[cur].append(s)
        else:
            st, rt = parse_state_rating(s)
            if st or rt:
                ms.state = ms.state or st
                ms.rating = ms.rating or rt
                title_done = True
            elif not title_done:
                ms.title = f"{ms.title} {s}"
            else:
                w.append(f"{label}: milestone {ms.number}: unrecognised line ignored: '{s[:80]}'")
    return values
