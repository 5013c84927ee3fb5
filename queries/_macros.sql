-- Shared macros of the metric queries: the filter, period and slippage logic is written here once.
-- store.py executes every queries/_*.sql after loading the tables. The metric files call these macros with
-- their bound parameters ($plan, $level, ...); macro parameters are prefixed p_ so none shadows a column.

-- Rating score (DESIGN §4): fully 1, mostly 2/3, partially 1/3, not implemented 0; not reported (NULL) stays NULL
-- so avg() excludes it.
CREATE OR REPLACE MACRO rating_score(r) AS
    CASE r
        WHEN 'fully_implemented' THEN 1.0::DOUBLE
        WHEN 'mostly_implemented' THEN 2.0::DOUBLE / 3
        WHEN 'partially_implemented' THEN 1.0::DOUBLE / 3
        WHEN 'not_implemented' THEN 0.0::DOUBLE
    END;

-- Rating counts of a group (use inside an aggregate query).
CREATE OR REPLACE MACRO n_rating(r, code) AS count(*) FILTER (WHERE r = code);

-- number_order(n) is defined in _derived.sql (it runs first).

-- The selected period and the as_of date of the computation: the given period (no row when it does not exist),
-- else the latest period by as_of; as_of is p_as_of when given, else the period's. With no periods at all and no
-- period asked for, one row (NULL period, p_as_of).
CREATE OR REPLACE MACRO selected_period(p_period, p_as_of) AS TABLE
    SELECT p.period_id, coalesce(p_as_of, p.as_of) AS as_of
    FROM (SELECT 1 AS one) AS single
    LEFT JOIN periods AS p
        ON p.period_id = coalesce(
            p_period,
            (SELECT period_id FROM periods ORDER BY as_of DESC, period_id DESC LIMIT 1))
    WHERE p_period IS NULL OR p.period_id IS NOT NULL;

-- Commitments passing the filters, with their progress in the selected period (no row = not reported).
-- List parameters are NULL for "all". A commitment passes the jurisdiction/theme/SDG filter when any of its
-- jurisdictions/themes/SDGs is selected. The rating filter matches 'not_reported' to a NULL rating.
-- Reads derived.commitment_facts (_derived.sql): ckey is an integer key for joins.
CREATE OR REPLACE MACRO filtered_commitments(p_plan, p_level, p_jurisdiction, p_theme, p_sdg, p_rating,
                                             p_period, p_as_of, p_commitment) AS TABLE
    SELECT
        c.ckey, c.commitment_id, c.plan_id, c.level, c.number, c.title_en, c.title_ka,
        c.lead_agency_en, c.lead_agency_ka, c.planned_start, c.planned_end, c.source_url_en, c.source_url_ka,
        c.jurisdiction_ids, c.theme_ids, c.sdgs, c.jurisdictions_en, c.jurisdictions_ka, c.milestones AS n_milestones,
        sp.period_id, sp.as_of, cp.state, cp.rating, rating_score(cp.rating) AS score,
        -- DESIGN §4: overdue when not fully implemented and as_of >= planned end.
        coalesce(cp.rating IS DISTINCT FROM 'fully_implemented' AND sp.as_of >= c.planned_end, false) AS overdue
    FROM derived.commitment_facts AS c
    CROSS JOIN selected_period(p_period, p_as_of) AS sp
    LEFT JOIN derived.commitment_period AS cp
        ON cp.ckey = c.ckey AND cp.period_id = sp.period_id
    WHERE (p_plan IS NULL OR list_contains(p_plan, c.plan_id))
      AND (p_level IS NULL OR list_contains(p_level, c.level))
      AND (p_commitment IS NULL OR list_contains(p_commitment, c.commitment_id))
      AND (p_rating IS NULL OR list_contains(p_rating, coalesce(cp.rating, 'not_reported')))
      AND (p_jurisdiction IS NULL OR list_has_any(c.jurisdiction_ids, p_jurisdiction))
      AND (p_theme IS NULL OR list_has_any(c.theme_ids, p_theme))
      AND (p_sdg IS NULL OR list_has_any(c.sdgs, p_sdg));

-- Every milestone's position against the plan at as_of (no join: the done periods are a list on the row):
--   done: state completed or rating fully implemented in the selected period;
--   due: planned end known and as_of >= planned end; overdue: due and not done.
-- Its progress row (state, rating) is derived.milestone_period, joined only by the queries that show it.
CREATE OR REPLACE MACRO milestone_at(p_period, p_as_of) AS TABLE
    SELECT
        m.mkey, m.ckey, m.milestone_id, m.commitment_id, m.number, m.title_en, m.title_ka,
        m.planned_start, m.planned_end, m.actual_start, m.actual_end, sp.period_id, sp.as_of,
        coalesce(list_contains(m.done_periods, sp.period_id), false) AS done,
        coalesce(sp.as_of >= m.planned_end, false) AS due
    FROM derived.milestone_facts AS m
    CROSS JOIN selected_period(p_period, p_as_of) AS sp;

-- Milestone slippage (DESIGN §4). slip_days = days past the planned end:
--   done:     actual_end - planned_end when actual_end is known (<= 0 on time, else late); when only actual_start is
--             known and after the planned end, at least actual_start - planned_end (slip_is_minimum, done_late);
--             otherwise done_date_unknown (also when the planned end is unknown) with slip_days NULL.
--   not done: no planned end -> no_dates; as_of >= planned end -> overdue by as_of - planned_end; planned end within
--             p_due_soon_days after as_of -> due_soon; else not_yet_due (slip_days negative = days left).
CREATE OR REPLACE MACRO milestone_status(p_period, p_as_of, p_due_soon_days) AS TABLE
    SELECT
        *,
        CASE
            WHEN planned_end IS NULL THEN NULL
            WHEN done AND actual_end IS NOT NULL THEN actual_end - planned_end
            WHEN done AND actual_start > planned_end THEN actual_start - planned_end
            WHEN done THEN NULL
            ELSE as_of - planned_end
        END AS slip_days,
        coalesce(done AND actual_end IS NULL AND actual_start > planned_end, false) AS slip_is_minimum,
        CASE
            WHEN done AND actual_end IS NOT NULL AND actual_end <= planned_end THEN 'done_on_time'
            WHEN done AND actual_end IS NOT NULL AND actual_end > planned_end THEN 'done_late'
            WHEN done AND actual_end IS NULL AND actual_start > planned_end THEN 'done_late'
            WHEN done THEN 'done_date_unknown'
            WHEN planned_end IS NULL THEN 'no_dates'
            WHEN as_of >= planned_end THEN 'overdue'
            WHEN planned_end - as_of <= p_due_soon_days THEN 'due_soon'
            ELSE 'not_yet_due'
        END AS slip_status
    FROM milestone_at(p_period, p_as_of);

-- Milestone counts per commitment key at as_of (commitments without milestones have no row: coalesce to 0).
CREATE OR REPLACE MACRO commitment_milestones(p_period, p_as_of) AS TABLE
    SELECT
        ckey,
        count(*) AS milestones,
        count(*) FILTER (WHERE done) AS milestones_done,
        count(*) FILTER (WHERE due) AS milestones_due,
        count(*) FILTER (WHERE due AND done) AS milestones_done_among_due,
        count(*) FILTER (WHERE due AND NOT done) AS milestones_overdue,
        max(as_of - planned_end) FILTER (WHERE due AND NOT done) AS max_overdue_days
    FROM milestone_at(p_period, p_as_of)
    GROUP BY ckey;
