"""Import a commitment page of the Georgian OGP monitoring portal (English, Georgian or both).

    python -m dashboard import-page FILE_OR_DIR [...] [--data DATA_DIR] [--dry-run] [--json] [--replace] ...

The steps, one module each:
  vocabulary.py  the page's words in both languages (labels, month names, states, ratings, places)
  phrases.py     one phrase -> a value: language, month, start date, state/rating, period, municipalities named
  layout.py      every layout in one shape: labels glued to a sentence moved to their own line
  parse.py       one page's text -> `Page` (pure; what is missing is a warning, never a guess)
  pairing.py     the English and Georgian `Page` -> `ParseResult` (rows in the schema's column names)
  merge.py       `ParseResult` + a data directory -> `ImportPlan` (nothing written): new records added, empty
                 fields filled, changed values a conflict unless replace; every record's fields reported
  plans.py       the action plan of a commitment whose page does not name it (period and level)
  pipeline.py    `plan_pages` (parse -> match an existing commitment -> plan) and `plan_batch` (many commitments
                 into the same tables): the one pipeline of the command line, the upload page and `refresh`
  html_text.py   a saved HTML page -> its text, block elements as lines
  batch.py       files and directories -> the pages of each commitment (paired by portal page id or content)
  report.py      what an import did: records and fields, counts per table and commitment, text or JSON
  refresh.py     the `refresh` command: fetch every portal page the data cites, keep dated copies, import them
  journal.py     `write_import`: an `ImportPlan` written all-or-nothing; `recover` undoes an interrupted write
  cli.py         the `import-page` command
"""

from dashboard.importers.portal_page.cli import add_arguments, cli_import_page
from dashboard.importers.portal_page.errors import ImportError_, UnreadableLanguage, decode_page
from dashboard.importers.portal_page.journal import JOURNAL_DIR, has_pending_journal, recover, write_import
from dashboard.importers.portal_page.merge import ImportPlan, RecordChange, plan_import
from dashboard.importers.portal_page.pairing import ParseResult, milestone_base_number, parse_pages
from dashboard.importers.portal_page.parse import Page, PageMilestone, parse_page
from dashboard.importers.portal_page.phrases import (
    detect_language,
    municipalities_named,
    parse_actual_start,
    parse_month,
    parse_period,
    parse_state_rating,
)
from dashboard.importers.portal_page.pipeline import (
    BatchImport,
    PageGroup,
    PagesImport,
    find_existing_commitment,
    plan_batch,
    plan_pages,
    portal_page_id,
)

__all__ = [
    "decode_page",
    "UnreadableLanguage",
    "JOURNAL_DIR",
    "ImportError_",
    "BatchImport",
    "ImportPlan",
    "PageGroup",
    "Page",
    "PageMilestone",
    "PagesImport",
    "RecordChange",
    "ParseResult",
    "add_arguments",
    "cli_import_page",
    "detect_language",
    "find_existing_commitment",
    "has_pending_journal",
    "milestone_base_number",
    "municipalities_named",
    "parse_actual_start",
    "parse_month",
    "parse_page",
    "parse_pages",
    "parse_period",
    "parse_state_rating",
    "plan_batch",
    "plan_import",
    "plan_pages",
    "portal_page_id",
    "recover",
    "write_import",
]
