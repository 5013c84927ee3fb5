"""Import OGP's commitment sheet (the IRM's data): one member's commitments and their IRM assessments.

    python -m dashboard import-irm FILE [--member Georgia] [--data DATA_DIR] [--dry-run] [--json] [--replace]

  vocabulary.py  the sheet's columns and words -> the schema's IRM codes
  dates.py       the sheet's mixed date forms -> "YYYY-MM" (an order that cannot be told stays empty)
  sheet.py       a CSV or XLSX sheet -> rows with their line numbers
  plan.py        the member's rows + a data directory -> `SheetImport` (nothing written)
  cli.py         the command; writes through the page importer's journal (all-or-nothing)
"""

from dashboard.importers.irm_sheet.cli import add_arguments, cli_import_irm
from dashboard.importers.irm_sheet.dates import parse_month, row_order
from dashboard.importers.irm_sheet.plan import SheetImport, plan_sheet

__all__ = ["SheetImport", "add_arguments", "cli_import_irm", "parse_month", "plan_sheet", "row_order"]
