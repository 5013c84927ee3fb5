-- Shared macros of the metric queries: the filter, period and slippage logic is written here once.
-- Run after loading the tables, last of the set-up files listed in queries/setup.toml. The metric files call
-- these macros with their bound parameters ($plan, $level, ...); macro parameters are prefixed p_ so none shadows
-- a column.

-- Rating score (docs/metrics.md): fully 1, mostly 2/3, partially 1/3, not implemented 0; not reported (NULL) stays NULL
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

-- number_order(n) is defined in _derived.sql (it runs first: queries/setup.toml).

-- The selected period and the as_of date of the computation: the given period (no row when it does not exist),
-- else the latest period by as_of; as_of is p_as_of when given, else the period's. With no periods at all and no
-- period asked for, one row (NULL period, p_as_of). pkey is the period's key in the derived tables; precomputed
-- says whether derived.commitment_state / milestone_state hold this view (the period at its own as_of).
CREATE OR REPLACE MACRO selected_period(p_period, p_as_of) AS TABLE
    SELECT
        p.pkey, p.period_id, coalesce(p_as_of, p.as_of) AS as_of,
        coalesce(p_as_of IS NULL OR p_as_of = p.as_of, false) AS precomputed
    FROM (SELECT 1 AS one) AS single
    LEFT JOIN derived.period_list AS p
        ON p.period_id IS NOT DISTINCT FROM coalesce(
            p_period,
            (SELECT period_id FROM derived.period_list ORDER BY as_of DESC NULLS LAST, period_id DESC LIMIT 1))
    WHERE p_period IS NULL OR p.period_id IS NOT NULL;

-- The final slip status: 'not_yet_due' within p_due_soon_days of the planned end is 'due_soon'.
CREATE OR REPLACE MACRO slip_status_final(status, days, p_due_soon_days) AS
    CASE WHEN status = 'not_yet_due' AND days >= -p_due_soon_days THEN 'due_soon' ELSE status END;

-- Every milestone's position against the plan at as_of (docs/metrics.md), one row per milestone:
--   done: state completed or rating fully implemented in the selected period;
--   due: planned end known and as_of >= planned end; overdue: due and not done;
--   slip_days, slip_is_minimum, slip_status: the milestone_slip_* macros in _derived.sql.
-- Precomputed views read derived.milestone_state (_derived.sql, the same macros); a custom as_of is computed
-- here. pkey: the period's key (its progress rows: derived.milestone_period).
CREATE OR REPLACE MACRO milestone_state_at(p_period, p_as_of) AS TABLE
    SELECT ms.mkey, ms.ckey, ms.done, ms.due, ms.slip_days, ms.slip_is_minimum,
           ms.slip_status, sp.pkey, sp.period_id, sp.as_of
    FROM selected_period(p_period, p_as_of) AS sp
    JOIN derived.milestone_state AS ms ON ms.pkey = sp.pkey
    WHERE sp.precomputed
    UNION ALL
    SELECT
        mkey, ckey, done, due,
        milestone_slip_days(done, as_of, planned_end, actual_start, actual_end) AS slip_days,
        milestone_slip_is_minimum(done, planned_end, actual_start, actual_end) AS slip_is_minimum,
        milestone_slip_status(done, as_of, planned_end, actual_start, actual_end) AS slip_status,
        pkey, period_id, as_of
    FROM (
        SELECT
            m.mkey, m.ckey, m.planned_end, m.actual_start, m.actual_end,
            milestone_done(mp.state, mp.rating) AS done,
            coalesce(sp.as_of >= m.planned_end, false) AS due,
            sp.pkey, sp.period_id, sp.as_of
        FROM (SELECT * FROM selected_period(p_period, p_as_of) WHERE NOT precomputed) AS sp
        CROSS JOIN derived.milestone_facts AS m
        LEFT JOIN derived.milestone_period AS mp ON mp.pkey = sp.pkey AND mp.mkey = m.mkey
    );

-- Every commitment at as_of: filter dimensions, progress in the selected period (no row = not reported), milestone
-- counts (milestones_done/_due/_done_among_due/_overdue, max_overdue_days NULL when none is overdue).
CREATE OR REPLACE MACRO commitment_state_at(p_period, p_as_of) AS TABLE
    SELECT cs.* EXCLUDE (pkey), sp.period_id, sp.as_of
    FROM selected_period(p_period, p_as_of) AS sp
    JOIN derived.commitment_state AS cs ON cs.pkey = sp.pkey
    WHERE sp.precomputed
    UNION ALL
    SELECT
        c.ckey, c.crow, c.commitment_id, c.plan_id, c.level, c.number, c.planned_start, c.planned_end,
        c.jurisdiction_ids, c.theme_ids, c.sdgs, c.jurisdictions_en, c.jurisdictions_ka,
        c.milestones AS n_milestones, c.has_lead_agency, c.has_title_ka,
        cp.state, cp.rating,
        coalesce(ms.milestones_done, 0), coalesce(ms.milestones_due, 0), coalesce(ms.milestones_done_among_due, 0),
        coalesce(ms.milestones_overdue, 0), ms.max_overdue_days,
        sp.period_id, sp.as_of
    FROM (SELECT * FROM selected_period(p_period, p_as_of) WHERE NOT precomputed) AS sp
    CROSS JOIN derived.commitment_facts AS c
    LEFT JOIN derived.commitment_period AS cp ON cp.pkey = sp.pkey AND cp.ckey = c.ckey
    LEFT JOIN (
        SELECT ckey, unnest(milestone_counts(done, due, slip_days))
        FROM milestone_state_at(p_period, p_as_of)
        WHERE p_as_of IS NOT NULL
        GROUP BY ckey
    ) AS ms ON ms.ckey = c.ckey;

-- Commitments passing the filters, with their progress and milestone counts in the selected period.
-- List parameters are NULL for "all". A commitment passes the jurisdiction/theme/SDG filter when any of its
-- jurisdictions/themes/SDGs is selected. The rating filter matches 'not_reported' to a NULL rating.
-- ckey is the integer key (display order), crow the commitment's rowid in commitments (for its text columns).
CREATE OR REPLACE MACRO filtered_commitments(p_plan, p_level, p_jurisdiction, p_theme, p_sdg, p_rating,
                                             p_period, p_as_of, p_commitment) AS TABLE
    SELECT
        c.*, rating_score(c.rating) AS score,
        -- docs/metrics.md: overdue when not fully implemented and as_of >= planned end.
        coalesce(c.rating IS DISTINCT FROM 'fully_implemented' AND c.as_of >= c.planned_end, false) AS overdue
    FROM commitment_state_at(p_period, p_as_of) AS c
    WHERE (p_plan IS NULL OR list_contains(p_plan, c.plan_id))
      AND (p_level IS NULL OR list_contains(p_level, c.level))
      AND (p_commitment IS NULL OR list_contains(p_commitment, c.commitment_id))
      AND (p_rating IS NULL OR list_contains(p_rating, coalesce(c.rating, 'not_reported')))
      AND (p_jurisdiction IS NULL OR list_has_any(c.jurisdiction_ids, p_jurisdiction))
      AND (p_theme IS NULL OR list_has_any(c.theme_ids, p_theme))
      AND (p_sdg IS NULL OR list_has_any(c.sdgs, p_sdg));

-- Completion figures of a group of filtered commitments (an aggregate: use it in a grouped query; unnest() spreads
-- the struct into the columns commitments, rated, fully, mostly, partially, not_implemented, not_reported,
-- mean_score, milestones, milestones_done, milestone_completion_rate).
CREATE OR REPLACE MACRO completion_figures(p_rating, p_score, p_milestones, p_milestones_done) AS {
    'commitments': count(*),
    'rated': count(p_rating),
    'fully': n_rating(p_rating, 'fully_implemented'),
    'mostly': n_rating(p_rating, 'mostly_implemented'),
    'partially': n_rating(p_rating, 'partially_implemented'),
    'not_implemented': n_rating(p_rating, 'not_implemented'),
    'not_reported': count(*) FILTER (WHERE p_rating IS NULL),
    'mean_score': avg(p_score),
    'milestones': coalesce(sum(p_milestones), 0)::BIGINT,
    'milestones_done': coalesce(sum(p_milestones_done), 0)::BIGINT,
    'milestone_completion_rate': sum(p_milestones_done) / nullif(sum(p_milestones), 0)
};

-- Completion per category of one dimension (completion_by_jurisdiction / _theme / _sdg): p_categories is the
-- filtered commitments' list column of that dimension (jurisdiction_ids, theme_ids or sdgs; the macro argument is
-- the column name), and a commitment counts in each of its categories. One row per category with a commitment:
-- code, then the completion_figures columns. The metric file joins the category's labels and applies its order.
CREATE OR REPLACE MACRO completion_by(p_categories, p_plan, p_level, p_jurisdiction, p_theme, p_sdg, p_rating,
                                      p_period, p_as_of, p_commitment) AS TABLE
    SELECT code, unnest(completion_figures(rating, score, n_milestones, milestones_done))
    FROM (
        SELECT *, unnest(p_categories) AS code
        FROM filtered_commitments(p_plan, p_level, p_jurisdiction, p_theme, p_sdg, p_rating, p_period, p_as_of,
                                  p_commitment)
    )
    GROUP BY code;

-- The commitment-level slip status (docs/metrics.md): fully implemented -> done_on_time when as_of <= planned end, else
-- done_date_unknown; otherwise no_dates / overdue / due_soon / not_yet_due as for milestones.
CREATE OR REPLACE MACRO commitment_slip_status(p_rating, p_as_of, p_planned_end, p_due_soon_days) AS
    CASE
        WHEN p_rating = 'fully_implemented' AND p_as_of <= p_planned_end THEN 'done_on_time'
        WHEN p_rating = 'fully_implemented' THEN 'done_date_unknown'
        WHEN p_planned_end IS NULL THEN 'no_dates'
        WHEN p_as_of >= p_planned_end THEN 'overdue'
        WHEN p_planned_end - p_as_of <= p_due_soon_days THEN 'due_soon'
        ELSE 'not_yet_due'
    END;

-- Whether a query asks for the unfiltered view of a period at its own as_of (no filter, no custom as_of): the
-- view aggregated once at load (derived.slip_day_counts, slip_month_counts, overdue_item in _derived.sql). The
-- arguments are bound parameters, so the planner folds this to a constant and drops the other branch.
CREATE OR REPLACE MACRO unfiltered_view(p_plan, p_level, p_jurisdiction, p_theme, p_sdg, p_rating, p_as_of,
                                        p_commitment) AS
    p_plan IS NULL AND p_level IS NULL AND p_jurisdiction IS NULL AND p_theme IS NULL AND p_sdg IS NULL
    AND p_rating IS NULL AND p_as_of IS NULL AND p_commitment IS NULL;

-- IRM completion on the dashboard's own score (the crosswalk of docs/metrics.md, not an official one): Complete 1,
-- Substantial 2/3, Limited 1/3, Not started 0. Withdrawn, Unclear and the codes nd / nr / na have no score.
CREATE OR REPLACE MACRO irm_completion_score(c) AS
    CASE c
        WHEN 'complete' THEN 1.0::DOUBLE
        WHEN 'substantial' THEN 2.0::DOUBLE / 3
        WHEN 'limited' THEN 1.0::DOUBLE / 3
        WHEN 'not_started' THEN 0.0::DOUBLE
    END;

-- The IRM completion the crosswalk reads a portal rating as (the dashboard's reading, not OGP's).
CREATE OR REPLACE MACRO rating_as_irm(r) AS
    CASE r
        WHEN 'fully_implemented' THEN 'complete'
        WHEN 'mostly_implemented' THEN 'substantial'
        WHEN 'partially_implemented' THEN 'limited'
        WHEN 'not_implemented' THEN 'not_started'
    END;
