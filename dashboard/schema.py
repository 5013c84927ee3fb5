"""The data model: tables, columns, types, keys, references and accepted values.

This is the one place that defines what a valid dataset looks like. The loader (dashboard/store/), the importers,
the synthetic generator and the tests all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import geo

# Column kinds. Every CSV cell is read as text and checked/converted by kind:
#   text      free text (may be empty unless required)
#   id        non-empty identifier, no surrounding whitespace
#   int       integer
#   float     decimal number
#   month     "YYYY-MM" (month precision, as published: "July 2018")
#   date      "YYYY-MM-DD" (day precision)
#   day_or_month  either of the two; the precision is kept in "<column>_precision" ('day' | 'month')
#   url       http(s) URL
#   code      one of a fixed set of accepted values (see Column.accepted)
#   bool      "true" / "false"
TEXT, ID, INT, FLOAT, MONTH, DATE, DAY_OR_MONTH, URL, CODE, BOOL = (
    "text", "id", "int", "float", "month", "date", "day_or_month", "url", "code", "bool",
)

STATES = ("completed", "in_progress", "not_started", "suspended")
RATINGS = ("fully_implemented", "mostly_implemented", "partially_implemented", "not_implemented")
# "not_reported" is not a stored value: a NULL rating. It is accepted as a filter value and shown as its own category.
NOT_REPORTED = "not_reported"
RATING_FILTER_VALUES = RATINGS + (NOT_REPORTED,)
# Score per rating (docs/metrics.md). Not reported is excluded from the mean and counted as coverage.
RATING_SCORES = {
    "fully_implemented": 1.0,
    "mostly_implemented": 2.0 / 3.0,
    "partially_implemented": 1.0 / 3.0,
    "not_implemented": 0.0,
}
# The short column names the metric queries use for the rating counts, in display order.
RATING_COLUMNS = {
    "fully_implemented": "fully",
    "mostly_implemented": "mostly",
    "partially_implemented": "partially",
    "not_implemented": "not_implemented",
    NOT_REPORTED: "not_reported",
}
THEMES = ("transparency", "accountability", "access_to_services", "innovation_technology", "engagement")
SDGS = tuple(range(1, 18))
COMMITMENT_LEVELS = ("national", "municipal", "ogp_local")
PLAN_LEVELS = ("national", "local")
JURISDICTION_KINDS = ("country", "municipality", "city")
SLIP_STATUSES = ("done_on_time", "done_late", "done_date_unknown", "overdue", "due_soon", "not_yet_due", "no_dates")
RAG = ("on_track", "at_risk", "off_track", "not_assessed")
VOCAB_KINDS = ("state", "rating")
# Independent Reporting Mechanism (IRM) assessments, in the IRM's own vocabulary (never the portal's ratings).
# ND (no data), NR (not reviewed yet) and NA (not applicable) are three kinds of "not reported", kept as such.
IRM_REPORTS = ("progress", "end_of_term")
IRM_NOT_REPORTED = ("nd", "nr", "na")
IRM_COMPLETION = ("not_started", "limited", "substantial", "complete", "withdrawn", "unclear")
IRM_OPEN_GOVERNMENT = ("worsens", "did_not_change", "marginal", "major", "outstanding", "no_early_results")
IRM_POTENTIAL_IMPACT = ("none", "minor", "moderate", "transformative")
IRM_SPECIFICITY = ("none", "low", "medium", "high")
IRM_YES_NO = ("yes", "no")
# The assessment sources a view can be limited to (the `source` filter): the government's monitoring portal, the IRM.
ASSESSMENT_SOURCES = ("portal", "irm")
# Period ids: "2019-annual", "2020-midterm", "2021-q3", "2021-h1".
PERIOD_ID_PATTERN = r"^(19|20)\d{2}-(annual|midterm|final|h[12]|q[1-4])$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
# The map units a jurisdiction can be linked to (jurisdictions.shape_id): the boundary file's shapeIDs.
SHAPE_IDS: tuple[str, ...] = geo.shape_ids()
SHAPE_ID_PATTERN = r"^GEO-ADM2-[0-9A-F]+$"
GEO_FILE_LABEL = "data/geo/georgia_adm2.geojson"
# Every other key column (commitment ids, vocabulary codes) has the one form a link's ?commitment= accepts
# (dashboard/state.py uses this pattern): ASCII letters and digits, then also '.', '_' and '-'. So an id that loads
# can always be opened, and look-alikes (Cyrillic letters, zero-width spaces, a BOM, NUL) are refused.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# A milestone id: two ids joined by '/', e.g. GE-2018-6.2/6.2.1 (never in a URL, but the same characters).
MILESTONE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$"
# Plausible years for OGP action plans and their reports (a typo like 2109 or 1019 is an error, not a date); dates
# in a link (?as_of=) outside them are dropped too.
DATE_MIN_YEAR, DATE_MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    accepted: tuple = ()
    pattern: str | None = None
    max_length: int | None = None
    # The "expected ..." text of a rejected value when the accepted values are too many to list.
    accepted_help: str | None = None
    # A column added after files were written without it: a header may leave it out (then every value is empty).
    optional: bool = False


@dataclass(frozen=True)
class Reference:
    """columns of this table must exist as key columns of another table (NULLs allowed unless required)."""
    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    # Pairs (start, end) that must satisfy start <= end when both are present.
    ordered: tuple[tuple[str, str], ...] = ()
    required_file: bool = True

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _bi(stem: str, required: bool = False, max_length: int = 20000) -> tuple[Column, Column]:
    """A bilingual text pair: <stem>_en, <stem>_ka."""
    return (Column(f"{stem}_en", TEXT, required, max_length=max_length),
            Column(f"{stem}_ka", TEXT, max_length=max_length))


TABLES: tuple[Table, ...] = (
    Table("periods", (
        Column("period_id", ID, True, pattern=PERIOD_ID_PATTERN),
        *_bi("label", required=True, max_length=200),
        Column("as_of", DATE, True),
    ), key=("period_id",)),
    Table("themes", (
        Column("theme_id", CODE, True, accepted=THEMES),
        *_bi("label", required=True, max_length=200),
    ), key=("theme_id",)),
    Table("sdgs", (
        Column("sdg", INT, True, accepted=SDGS),
        *_bi("label", required=True, max_length=200),
        Column("colour", TEXT, True, pattern=r"^#[0-9A-Fa-f]{6}$"),
    ), key=("sdg",)),
    Table("vocab", (
        Column("kind", CODE, True, accepted=VOCAB_KINDS),
        Column("code", ID, True, pattern=ID_PATTERN),
        *_bi("label", required=True, max_length=200),
    ), key=("kind", "code")),
    Table("action_plans", (
        Column("plan_id", ID, True, pattern=SLUG_PATTERN, max_length=100),
        *_bi("name", required=True, max_length=300),
        Column("level", CODE, True, accepted=PLAN_LEVELS),
        Column("start", MONTH),
        Column("end", MONTH),
        Column("source_url", URL),
    ), key=("plan_id",), ordered=(("start", "end"),)),
    Table("jurisdictions", (
        Column("jurisdiction_id", ID, True, pattern=SLUG_PATTERN, max_length=100),
        *_bi("name", required=True, max_length=200),
        Column("kind", CODE, True, accepted=JURISDICTION_KINDS),
        *_bi("region", max_length=200),
        Column("lat", FLOAT),
        Column("lon", FLOAT),
        # The unit of the boundary file (data/geo/) this jurisdiction is drawn as on the map; empty for the country.
        Column("shape_id", ID, accepted=SHAPE_IDS, optional=True, pattern=SHAPE_ID_PATTERN,
               accepted_help=f"a shapeID of {GEO_FILE_LABEL}, e.g. {geo.SHAPE_ID_EXAMPLE} (Tbilisi), or empty"),
    ), key=("jurisdiction_id",)),
    Table("commitments", (
        Column("commitment_id", ID, True, pattern=ID_PATTERN, max_length=100),
        Column("plan_id", ID, True, pattern=SLUG_PATTERN),
        Column("level", CODE, True, accepted=COMMITMENT_LEVELS),
        Column("number", TEXT, max_length=50),
        Column("ogp_id", TEXT, max_length=50),
        *_bi("title", required=True, max_length=1000),
        *_bi("description"),
        *_bi("outcome"),
        *_bi("lead_agency", max_length=1000),
        Column("planned_start", MONTH),
        Column("planned_end", MONTH),
        Column("source_url_en", URL),
        Column("source_url_ka", URL),
        Column("notes", TEXT, max_length=5000),
    ), key=("commitment_id",),
        references=(Reference(("plan_id",), "action_plans", ("plan_id",)),),
        ordered=(("planned_start", "planned_end"),)),
    Table("commitment_jurisdictions", (
        Column("commitment_id", ID, True, pattern=ID_PATTERN),
        Column("jurisdiction_id", ID, True, pattern=SLUG_PATTERN),
    ), key=("commitment_id", "jurisdiction_id"), references=(
        Reference(("commitment_id",), "commitments", ("commitment_id",)),
        Reference(("jurisdiction_id",), "jurisdictions", ("jurisdiction_id",)),
    )),
    Table("commitment_themes", (
        Column("commitment_id", ID, True, pattern=ID_PATTERN),
        Column("theme_id", CODE, True, accepted=THEMES),
    ), key=("commitment_id", "theme_id"), references=(
        Reference(("commitment_id",), "commitments", ("commitment_id",)),
        Reference(("theme_id",), "themes", ("theme_id",)),
    )),
    Table("commitment_sdgs", (
        Column("commitment_id", ID, True, pattern=ID_PATTERN),
        Column("sdg", INT, True, accepted=SDGS),
    ), key=("commitment_id", "sdg"), references=(
        Reference(("commitment_id",), "commitments", ("commitment_id",)),
        Reference(("sdg",), "sdgs", ("sdg",)),
    )),
    Table("milestones", (
        Column("milestone_id", ID, True, pattern=MILESTONE_ID_PATTERN, max_length=150),
        Column("commitment_id", ID, True, pattern=ID_PATTERN),
        Column("number", TEXT, max_length=50),
        *_bi("title", required=True, max_length=1000),
        *_bi("indicator", max_length=2000),
        *_bi("lead_agency", max_length=1000),
        *_bi("partner", max_length=1000),
        Column("planned_start", MONTH),
        Column("planned_end", MONTH),
        Column("actual_start", DAY_OR_MONTH),
        Column("actual_end", DAY_OR_MONTH),
        Column("source_url", URL),
    ), key=("milestone_id",),
        references=(Reference(("commitment_id",), "commitments", ("commitment_id",)),),
        ordered=(("planned_start", "planned_end"), ("actual_start", "actual_end"))),
    Table("commitment_progress", (
        Column("commitment_id", ID, True, pattern=ID_PATTERN),
        Column("period_id", ID, True, pattern=PERIOD_ID_PATTERN),
        Column("state", CODE, accepted=STATES),
        Column("rating", CODE, accepted=RATINGS),
        *_bi("narrative"),
        Column("source_url", URL),
    ), key=("commitment_id", "period_id"), references=(
        Reference(("commitment_id",), "commitments", ("commitment_id",)),
        Reference(("period_id",), "periods", ("period_id",)),
    )),
    Table("milestone_progress", (
        Column("milestone_id", ID, True, pattern=MILESTONE_ID_PATTERN),
        Column("period_id", ID, True, pattern=PERIOD_ID_PATTERN),
        Column("state", CODE, accepted=STATES),
        Column("rating", CODE, accepted=RATINGS),
        *_bi("outcome"),
        Column("source_url", URL),
    ), key=("milestone_id", "period_id"), references=(
        Reference(("milestone_id",), "milestones", ("milestone_id",)),
        Reference(("period_id",), "periods", ("period_id",)),
    )),
    # One row per IRM report on a commitment. Design fields (specificity, verifiable, potential impact) go with the
    # progress report, "did it open government" with the end-of-term report; empty = not part of that report.
    Table("irm_assessments", (
        Column("commitment_id", ID, True, pattern=ID_PATTERN),
        Column("report", CODE, True, accepted=IRM_REPORTS),
        Column("ogp_id", TEXT, max_length=50),
        Column("publication_year", INT, accepted=tuple(range(2011, 2101))),
        Column("completion", CODE, accepted=IRM_COMPLETION + IRM_NOT_REPORTED),
        Column("open_government", CODE, accepted=IRM_OPEN_GOVERNMENT + IRM_NOT_REPORTED),
        Column("potential_impact", CODE, accepted=IRM_POTENTIAL_IMPACT + IRM_NOT_REPORTED),
        Column("specificity", CODE, accepted=IRM_SPECIFICITY + IRM_NOT_REPORTED),
        Column("verifiable", CODE, accepted=IRM_YES_NO + IRM_NOT_REPORTED),
        Column("starred", CODE, accepted=IRM_YES_NO + IRM_NOT_REPORTED),
        Column("source_url", URL),
    ), key=("commitment_id", "report"), references=(
        Reference(("commitment_id",), "commitments", ("commitment_id",)),
    ), required_file=False),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

# Optional metadata file beside the CSVs: {"title_en", "title_ka", "synthetic": bool, "generated_by", "seed"}.
# When "synthetic" is true every page shows a banner and every chart/export carries a watermark.
METADATA_FILE = "dataset.json"


@dataclass(frozen=True)
class Filters:
    """The filter state shared by the URL, the sidebar and the metric queries. Empty tuple = all."""
    plan: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    jurisdiction: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    sdg: tuple[int, ...] = ()
    rating: tuple[str, ...] = ()
    period: str | None = None        # None = the latest period
    as_of: str | None = None         # ISO date; None = the period's as_of
    commitment: tuple[str, ...] = field(default=())
    source: tuple[str, ...] = ()     # assessment sources (ASSESSMENT_SOURCES); only the assessment queries use it

    LIST_FIELDS = ("plan", "level", "jurisdiction", "theme", "sdg", "rating", "commitment", "source")
