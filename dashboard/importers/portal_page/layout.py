"""A page's lines in one shape, whatever the portal's layout: every header label at the start of its own line.

The portal renders the same commitment in several layouts. What the parser relies on is the labels and the
structure, never the wording:
  * a label glued to the previous sentence ("...have been ensuredTimeline: Start date - ...", or after the
    sentence's full stop) is moved to a line of its own, in the header (above "Milestones:") and only for a label
    not seen yet on the page; a label word inside a sentence ("contributes to SDG: 16") stays where it is;
  * "Label:" alone on its line with the value on the next lines is the same as "Label: value";
  * without a "Progress:" label, the lines after the "Lead Agency:" value are the progress block (`implicit
    progress`): the state/rating line and the narrative.
"""

from __future__ import annotations

import re

from dashboard.importers.portal_page.vocabulary import HEADER_LABELS

# Every header label followed by its colon; longest first so that "Commitment Description:" wins over
# "Description:" at the same place. English labels in their own case (a glued label is told by its capital).
_LABEL_AT = re.compile("(" + "|".join(
    re.escape(lab) for lab in sorted({lab for labs in HEADER_LABELS.values() for lab in labs}, key=len, reverse=True)
) + r")\s*:")
_SENTENCE_END = re.compile(r"[.!?;)\]»\"']\s+$")
_NAME_OF = {lab.casefold(): name for name, labs in HEADER_LABELS.items() for lab in labs}


# (field, "Label: value" at the start of a line), longest label first (a stable sort keeps the vocabulary's order
# among labels of one length), compiled once: every line of a page is tried against them.
_LINE_LABELS = sorted(((name, re.compile(rf"^\s*{re.escape(lab)}\s*:\s*(.*)$", re.IGNORECASE), len(lab))
                       for name, labels in HEADER_LABELS.items() for lab in labels), key=lambda x: -x[2])


def header_label(line: str) -> tuple[str, str] | None:
    """('themes', value) when the line starts with a header label and its colon (longest label wins)."""
    for name, pattern, _length in _LINE_LABELS:
        m = pattern.match(line)
        if m:
            return name, m.group(1).strip()
    return None


def unglue(lines: list[str]) -> list[str]:
    """The lines with every header label glued inside a line moved to the start of a line of its own."""
    out: list[str] = []
    seen: set[str] = set()
    in_header = True
    for line in lines:
        pieces = _split_line(line, seen) if in_header else [line]
        for piece in pieces:
            h = header_label(piece)
            if h:
                seen.add(h[0])
                if h[0] == "milestones":
                    in_header = False
            out.append(piece)
    return out


def _split_line(line: str, seen: set[str]) -> list[str]:
    """One line cut before each label (not at its start) of a field that the page has not shown yet."""
    start_label = header_label(line)
    local_seen = set(seen) | ({start_label[0]} if start_label else set())
    cuts = []
    for m in _LABEL_AT.finditer(line):
        before = line[:m.start()]
        if not before.strip() or (before[-1].isspace() and not _SENTENCE_END.search(before)):
            continue  # at the line's start, or a word of a sentence ("contributes to SDG: 16")
        name = _NAME_OF[m.group(1).casefold()]
        if name in local_seen:
            continue
        local_seen.add(name)
        cuts.append(m.start())
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    return [line[a:b].rstrip() for a, b in zip(bounds, bounds[1:], strict=False) if line[a:b].strip()]
