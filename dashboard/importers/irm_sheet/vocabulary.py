"""The OGP commitment sheet's columns and words, and the IRM codes they become (dashboard.schema)."""

from __future__ import annotations

import re

from dashboard import schema

ID = "Commitment Unique Identifier"
MEMBER = "Country/Locality"
NATIONAL_OR_LOCAL = "National Or Local"
PLAN_NUMBER = "Action Plan Number"
PLAN_START = "Year Of Submission"
PLAN_END = "Action Plan End Year"
NUMBER = "Commitment Number"
TITLE = "Commitment Title"
START = "Start Date"
END = "End Date"
LEAD = "Lead Institution"
URL = "URL"
# The columns the importer needs; a sheet without one of them is refused.
REQUIRED = (ID, MEMBER, NATIONAL_OR_LOCAL, PLAN_START, PLAN_END, NUMBER, TITLE, START, END, LEAD, URL)

# The codes ND (no data), NR (not reviewed yet), NA (not applicable) in the sheet -> the schema's codes.
NOT_REPORTED_CODES = {"ND": "nd", "NR": "nr", "NA": "na"}

# Assessment column of the irm_assessments table -> (sheet column, accepted values) per report. A column a report
# does not carry stays empty in that report's row.
_COMPLETION = schema.IRM_COMPLETION
REPORT_COLUMNS: dict[str, dict[str, tuple[str, tuple]]] = {
    "progress": {
        "publication_year": ("Report Publication Year (Progress Report)", ()),
        "completion": ("Completion (Progress Report)", _COMPLETION),
        "potential_impact": ("Potential Impact", schema.IRM_POTENTIAL_IMPACT),
        "specificity": ("Specificity", schema.IRM_SPECIFICITY),
        "verifiable": ("Verifiable", schema.IRM_YES_NO),
        "starred": ("Starred (Current Formula) Progress Report", schema.IRM_YES_NO),
    },
    "end_of_term": {
        "publication_year": ("Report Publication Year (End Of Term)", ()),
        "completion": ("Completion (End Of Term)", _COMPLETION),
        "open_government": ("Did It Open Government (Overall)", schema.IRM_OPEN_GOVERNMENT),
        "starred": ("Starred (Current Formula) End of Term", schema.IRM_YES_NO),
    },
}
# Words of the sheet that are not simply the code with spaces as underscores.
_SPECIAL = {"no early results to report yet": "no_early_results", "1": "yes", "0": "no"}
_SLUG = re.compile(r"[^a-z0-9]+")


def code_of(value: str) -> str:
    """'Not Started' -> 'not_started', 'ND' -> 'nd', '1' -> 'yes'."""
    v = " ".join(value.split())
    if v.upper() in NOT_REPORTED_CODES:
        return NOT_REPORTED_CODES[v.upper()]
    v = v.lower()
    return _SPECIAL.get(v, v.replace(" ", "_").replace("-", "_"))


def member_of(locality: str, member: str) -> bool:
    """'Georgia' and 'Tbilisi, Georgia' are Georgia's rows; 'Madrid, Spain' is not."""
    loc = " ".join(locality.split()).casefold()
    m = " ".join(member.split()).casefold()
    return loc == m or loc.endswith(", " + m)


def slug(text: str) -> str:
    """'Tbilisi, Georgia' -> its first part as a slug: 'tbilisi'; 'Georgia' -> 'georgia'."""
    return _SLUG.sub("-", text.split(",")[0].strip().lower()).strip("-")


def level_of(national_or_local: str) -> str:
    """The schema's commitment level of a sheet row: National -> national, a local member -> ogp_local."""
    return "ogp_local" if "local" in national_or_local.lower() else "national"
