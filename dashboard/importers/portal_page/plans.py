"""Which action plan a commitment belongs to, when the page does not say.

Given (`--plan-id`) > the existing commitment's plan > the one plan whose period contains the commitment's planned
dates and whose level fits the commitment's (a national or municipal commitment is in a national plan - the portal
monitors the national plan, which has a municipal section; an OGP Local commitment is in a local plan). When no
plan or several plans fit, nothing is guessed: the problem lists the candidate plan ids.
"""

from __future__ import annotations

import re

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YM_RE = re.compile(r"\d{4}-\d{2}")
PLAN_LEVEL = {"national": "national", "municipal": "national", "ogp_local": "local"}


def plan_period(plan: dict) -> tuple[str, str] | None:
    """(start, end) as 'YYYY-MM' of a plan: its start/end columns, else the years in its id or English name
    ("georgia-2018-2019" -> 2018-01..2019-12). None when neither says."""
    s, e = (plan.get("start") or "").strip(), (plan.get("end") or "").strip()
    if _YM_RE.fullmatch(s) and _YM_RE.fullmatch(e):
        return s, e
    years = [int(y) for y in _YEAR_RE.findall(plan.get("plan_id") or "")] or \
        [int(y) for y in _YEAR_RE.findall(plan.get("name_en") or "")]
    if not years:
        return None
    return f"{min(years)}-01", f"{max(years)}-12"


def candidate_plans(plans: list[dict], start: str | None, end: str | None, level: str | None) -> list[str]:
    """Ids of the plans whose period contains start..end and whose level fits `level` (any level when None)."""
    if not start:
        return []
    end = end or start
    want = PLAN_LEVEL.get(level or "")
    out = []
    for p in plans:
        period = plan_period(p)
        if period is None or (want and (p.get("level") or "").strip() not in ("", want)):
            continue
        if period[0] <= start[:7] and end[:7] <= period[1]:
            out.append(p["plan_id"])
    return out


def settle_plan_and_level(c: dict, existing: dict | None, plans: list, explicit_plan: bool,
                          warnings: list[str]) -> list[str]:
    """Plan and level of the commitment row `c`: given > existing row > inferred. Returns the problems."""
    if existing is not None:
        if not explicit_plan or not c.get("plan_id"):
            c["plan_id"] = existing.get("plan_id") or c.get("plan_id")
        c["level"] = existing.get("level") or c.get("level")
    problems = []
    if not c.get("plan_id"):
        c["plan_id"], problem = _infer_plan(plans, c, warnings)
        if problem:
            problems.append(problem)
    if not c.get("level"):
        c["level"] = "national"
        warnings.append("level not known from the page (no municipality named): 'national' assumed; "
                        "pass --level to set it")
    return problems


def _infer_plan(plans: list, c: dict, warnings: list) -> tuple[str | None, str | None]:
    """(plan id, None) when exactly one plan fits; else (None, the problem naming the candidates)."""
    start, end = c.get("planned_start"), c.get("planned_end") or c.get("planned_start")
    level = c.get("level") or "national"
    ids = [p["plan_id"] for p in plans if p.get("plan_id")]
    lead = f"cannot tell which action plan commitment {c.get('commitment_id')} belongs to"
    if not start:
        return None, f"{lead}: the page gives no timeline; pass --plan-id (plans: {', '.join(ids) or 'none'})"
    found = candidate_plans(plans, start, end, level)
    if len(found) == 1:
        warnings.append(f"action plan not given: '{found[0]}' chosen as the only {PLAN_LEVEL[level]} plan whose "
                        f"period contains {start}..{end} (pass --plan-id to set it)")
        return found[0], None
    if found:
        return None, (f"{lead}: several {PLAN_LEVEL[level]} plans contain {start}..{end}: {', '.join(found)}; "
                      "pass --plan-id")
    return None, (f"{lead}: no {PLAN_LEVEL[level]} plan's period contains {start}..{end}; pass --plan-id "
                  f"(plans: {', '.join(ids) or 'none'})")
