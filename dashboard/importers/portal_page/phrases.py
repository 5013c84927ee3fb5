"""Reading one phrase of a page in either language: its language, a month, a start date stated in an outcome, a
progress state and rating, a reporting period, the municipalities it names."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from dashboard.importers.portal_page.vocabulary import (
    ICON_RE,
    MONTH_KA_STEMS,
    MONTHS_EN,
    MUNICIPALITIES,
    PERIOD_KINDS,
    RATING_WORDS,
    STATE_WORDS,
)

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_EN_MONTH_RE = "(" + "|".join(m.capitalize() for m in MONTHS_EN) + ")"
_KA_MONTH_RE = "(" + "|".join(MONTH_KA_STEMS) + r")[\u10d0-\u10ff]*"
_GEORGIAN = "\u10d0-\u10ff"


def norm(s: str) -> str:
    """NFC, runs of white space as one space, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


@functools.lru_cache(maxsize=8192)
def fold(s: str) -> str:
    """The form labels are compared in: normalised, without a trailing colon, case-folded (cached: the labels of
    the vocabulary are folded once, not once per line of a page)."""
    return norm(s).rstrip(":").strip().casefold()


def normalize_text(text: str) -> str:
    """A page's text with one kind of line end and without a BOM, no-break or zero-width spaces."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")


_KA_LETTERS = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf]+")
_LATIN_LETTERS = re.compile("[A-Za-z]+")


_LETTERS = re.compile(r"[^\W\d_]+")  # letters of any alphabet


def other_alphabet(text: str) -> bool:
    """True when letters of another alphabet (Cyrillic, Greek, Armenian ...) outnumber both Georgian and Latin."""
    letters = sum(len(m) for m in _LETTERS.findall(text))
    ka = len(text) - len(_KA_LETTERS.sub("", text))
    latin = len(text) - len(_LATIN_LETTERS.sub("", text))
    return letters - ka - latin > max(ka, latin)


def detect_language(text: str) -> str:
    """'ka' when Georgian letters outnumber Latin ones, else 'en'."""
    ka = len(text) - len(_KA_LETTERS.sub("", text))      # counted in C: linear in the page, not per character
    latin = len(text) - len(_LATIN_LETTERS.sub("", text))
    return "ka" if ka > latin else "en"


def match_phrase(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The code whose words include `text` (compared folded), else None."""
    k = fold(text)
    for code, words in table.items():
        if any(k == fold(w) for w in words):
            return code
    return None


# ------------------------------------------------------------------------------------------------------ dates

def parse_month(text: str | None) -> str | None:
    """'July 2018' / 'ივლისი 2018' / 'Jul 2018' / '2018-07' / '07/2018' -> '2018-07'."""
    if not text:
        return None
    t = norm(text)
    m = re.search(r"\b((?:19|20)\d{2})-(\d{1,2})\b", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.search(r"\b(\d{1,2})[./](\d{4})\b", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    year = _YEAR_RE.search(t)
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
    for i, stem in enumerate(MONTH_KA_STEMS):
        if re.search(rf"(?<![{_GEORGIAN}]){stem}", t):
            return i + 1
    return None


def parse_actual_start(text: str | None, lang: str) -> str | None:
    """A start date stated in an outcome ('started on 10 September 2019', '2019 წლის 10 სექტემბრიდან დაიწყო').

    Returns 'YYYY-MM-DD' (or 'YYYY-MM' when only a month is stated); None when no start is stated."""
    if not text:
        return None
    t = norm(text)
    return _actual_start_en(t) if lang == "en" else _actual_start_ka(t)


def _actual_start_en(t: str) -> str | None:
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
        return _ymd(year, MONTHS_EN.index(mon.casefold()) + 1, day)
    return None


def _actual_start_ka(t: str) -> str | None:
    # "2019 წლის 10 სექტემბრიდან დაიწყო", "დაიწყო 2019 წლის 10 სექტემბერს", "2019 წლის სექტემბერში დაიწყო"
    date = rf"((?:19|20)\d{{2}})\s+წლის\s+(?:(\d{{1,2}})\s+)?{_KA_MONTH_RE}"
    verb = r"(?:დაიწყო|დაიწყეს|დაწყებულია|დაიწყება|ამოქმედდა)"
    for pat in (rf"{date}[^.]{{0,80}}?{verb}", rf"{verb}[^.]{{0,40}}?{date}"):
        m = re.search(pat, t)
        if m:
            year, day, stem = m.group(1), m.group(2), m.group(3)
            month = next(i + 1 for i, s in enumerate(MONTH_KA_STEMS) if re.fullmatch(s, stem))
            return _ymd(year, month, int(day) if day else None)
    return None


def _ymd(year: str, month: int, day: int | None) -> str:
    if day is None:
        return f"{year}-{month:02d}"
    try:
        return dt.date(int(year), month, day).isoformat()
    except ValueError:
        return f"{year}-{month:02d}"


def parse_period(text: str) -> str | None:
    """'2019, Annual' / '2019, წლიური' / 'Mid-term 2020' -> '2019-annual' / '2020-midterm'."""
    t = norm(text).casefold()
    year = _YEAR_RE.search(t)
    if not year:
        return None
    rest = (t[:year.start()] + " " + t[year.end():]).replace(",", " ")
    for word in sorted(PERIOD_KINDS, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", rest):
            return f"{year.group(1)}-{PERIOD_KINDS[word]}"
    return None


# --------------------------------------------------------------------------------------------- state, rating

def parse_state_rating(line: str) -> tuple[str | None, str | None]:
    """'In progress done iconMostly implemented' -> ('in_progress', 'mostly_implemented')."""
    parts = [p for p in (norm(x) for x in ICON_RE.split(line)) if p]
    state = rating = None
    for part in parts:
        s, r = match_phrase(part, STATE_WORDS), match_phrase(part, RATING_WORDS)
        if s and not state:
            state = s
        elif r and not rating:
            rating = r
        elif not s and not r:
            s, r = _state_then_rating(part)
            if s and r:
                state, rating = state or s, rating or r
    return state, rating


def _state_then_rating(part: str) -> tuple[str | None, str | None]:
    """A state and a rating without the icon between them: 'In progress Mostly implemented'."""
    for code, words in sorted(STATE_WORDS.items(), key=lambda kv: -max(len(w) for w in kv[1])):
        for w in sorted(words, key=len, reverse=True):
            if part.casefold().startswith(w.casefold()):
                rest = match_phrase(part[len(w):], RATING_WORDS)
                if rest:
                    return code, rest
    return None, None


# ------------------------------------------------------------------------------------------------- places

def municipalities_named(text: str | None, lang: str) -> set[str]:
    """Municipality ids named in a text (English names, or Georgian names in any common case form)."""
    if not text:
        return set()
    found = set()
    for mid, ens, ka in MUNICIPALITIES:
        if lang == "en":
            if any(re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![a-z])", text) for n in ens):
                found.add(mid)
        elif re.search(_georgian_name_re(ka), text):
            found.add(mid)
    return found


def _georgian_name_re(ka: str) -> str:
    """A Georgian place name in its nominative and its common case forms (-ის, -ში, -ზე, -იდან, -ით)."""
    g = _GEORGIAN
    if ka.endswith("ი"):
        return rf"(?<![{g}]){re.escape(ka[:-1])}(?:ი|ის[{g}]*|ში|ზე|იდან|ით)(?![{g}])"
    if ka.endswith("ა"):
        return rf"(?<![{g}]){re.escape(ka[:-1])}(?:ა(?:ში|ზე|ს|დან|თი)?|ის[{g}]*|იდან|ით)(?![{g}])"
    return rf"(?<![{g}]){re.escape(ka)}(?:ს[{g}]*|ში|ზე|დან|თი)?(?![{g}])"
