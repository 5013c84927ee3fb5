-- Derived tables the metric macros read, built once after the tables are loaded (the first file of
-- queries/setup.toml, so it runs before _macros.sql). They re-key the loaded tables (integer keys instead of text
-- joins), keep the filter dimensions as lists, and precompute, for a reporting period at its own as_of date,
-- each milestone's and each commitment's position against the plan: a page's query then filters and aggregates
-- one precomputed row per commitment (50,000) instead of re-deriving 300,000 milestones on every run. A custom
-- $as_of is computed on the fly (same rules, _macros.sql). Big text columns are not copied: row-level queries
-- join the rows they show back to the loaded tables by rowid (crow / mrow).
-- They live in their own schema so a listing of the dataset's tables does not show them.
CREATE SCHEMA IF NOT EXISTS derived;

-- Numeric order of a published number such as '6.2.10' (text order would put it before '6.2.2').
CREATE OR REPLACE MACRO number_order(n) AS try_cast(string_split(n, '.') AS INTEGER[]);

-- A milestone's position against the plan at as_of (docs/metrics.md), written once for derived.milestone_state below
-- and milestone_state_at in _macros.sql (a custom as_of). done: completed or fully implemented in the period.
--   slip_days = days past the planned end: done -> actual_end - planned_end when actual_end is known (<= 0 on
--   time, else late); when only actual_start is known and after the planned end, at least actual_start -
--   planned_end (slip_is_minimum, done_late); otherwise done_date_unknown (also when the planned end is unknown)
--   with NULL; not done -> no planned end: no_dates; as_of >= planned end: overdue by as_of - planned_end; else
--   not_yet_due (slip_days negative = days left; slip_status_final in _macros.sql splits off due_soon).
CREATE OR REPLACE MACRO milestone_done(state, rating) AS
    coalesce(state = 'completed' OR rating = 'fully_implemented', false);

CREATE OR REPLACE MACRO milestone_slip_days(done, as_of, planned_end, actual_start, actual_end) AS
    CASE
        WHEN planned_end IS NULL THEN NULL
        WHEN done AND actual_end IS NOT NULL THEN actual_end - planned_end
        WHEN done AND actual_start > planned_end THEN actual_start - planned_end
        WHEN done THEN NULL
        ELSE as_of - planned_end
    END;

CREATE OR REPLACE MACRO milestone_slip_is_minimum(done, planned_end, actual_start, actual_end) AS
    coalesce(done AND actual_end IS NULL AND actual_start > planned_end, false);

CREATE OR REPLACE MACRO milestone_slip_status(done, as_of, planned_end, actual_start, actual_end) AS
    CASE
        WHEN done AND actual_end IS NOT NULL AND actual_end <= planned_end THEN 'done_on_time'
        WHEN done AND actual_end IS NOT NULL AND actual_end > planned_end THEN 'done_late'
        WHEN done AND actual_end IS NULL AND actual_start > planned_end THEN 'done_late'
        WHEN done THEN 'done_date_unknown'
        WHEN planned_end IS NULL THEN 'no_dates'
        WHEN as_of >= planned_end THEN 'overdue'
        ELSE 'not_yet_due'
    END;

-- A commitment's milestone counts from its milestones' rows (an aggregate: use in a query grouped by commitment):
-- done, due, done among due, overdue, and the longest overdue slip (NULL when none is overdue).
CREATE OR REPLACE MACRO milestone_counts(done, due, slip_days) AS {
    'milestones_done': count(*) FILTER (WHERE done),
    'milestones_due': count(*) FILTER (WHERE due),
    'milestones_done_among_due': count(*) FILTER (WHERE due AND done),
    'milestones_overdue': count(*) FILTER (WHERE due AND NOT done),
    'max_overdue_days': max(slip_days) FILTER (WHERE due AND NOT done)
};

-- The periods with an integer key; with no period at all, one row (NULL period and as_of) so the "no period"
-- view is precomputed too.
CREATE OR REPLACE TABLE derived.period_list AS
SELECT (row_number() OVER (ORDER BY period_id))::INTEGER AS pkey, period_id, as_of FROM periods
UNION ALL
SELECT 0, NULL::VARCHAR, NULL::DATE WHERE NOT EXISTS (SELECT 1 FROM periods);

-- The per-period tables below (milestone_state, commitment_state, slip_month_counts, slip_day_counts, overdue_item)
-- hold, at load, the default period only: the latest, which every page opens on (with no period at all, the one
-- NULL row above). Another period is added on its first use (queries/derived/add_period.sql, run by
-- dashboard.metrics before a query on that period, each table's *_rows macro here): at 50,000 commitments each
-- period costs ~0.2 s, paid for the periods someone opens instead of for all of them before the first page.
-- derived.period_ready lists the periods the tables hold; a period not (yet) in it is computed on the fly.
CREATE OR REPLACE MACRO first_state_pkey() AS
    (SELECT pkey FROM derived.period_list ORDER BY as_of DESC NULLS LAST, period_id DESC LIMIT 1);

CREATE OR REPLACE TABLE derived.period_ready AS SELECT first_state_pkey() AS pkey;

-- One row per commitment: an integer key, the filter dimensions as lists, small display columns, coverage flags.
CREATE OR REPLACE TABLE derived.commitment_facts AS
WITH j AS (
    SELECT
        cj.commitment_id,
        -- Sorted lists instead of ordered aggregates (list(x ORDER BY x), string_agg(x ORDER BY x)): same result,
        -- but DuckDB sorts per group for ordered aggregates (0.4 s at 50,000 commitments).
        list_sort(list(cj.jurisdiction_id), 'ASC', 'NULLS LAST') AS jurisdiction_ids,
        array_to_string(list_sort(list(jn.name_en) FILTER (WHERE jn.name_en IS NOT NULL)), ', ') AS jurisdictions_en,
        array_to_string(list_sort(list(jn.name_ka) FILTER (WHERE jn.name_ka IS NOT NULL)), ', ') AS jurisdictions_ka
    FROM commitment_jurisdictions AS cj
    LEFT JOIN jurisdictions AS jn ON jn.jurisdiction_id = cj.jurisdiction_id
    GROUP BY cj.commitment_id
),
t AS (
    SELECT commitment_id, list_sort(list(theme_id), 'ASC', 'NULLS LAST') AS theme_ids
    FROM commitment_themes GROUP BY commitment_id
),
s AS (
    SELECT commitment_id, list_sort(list(sdg), 'ASC', 'NULLS LAST') AS sdgs
    FROM commitment_sdgs GROUP BY commitment_id
),
m AS (
    SELECT commitment_id, count(*) AS milestones FROM milestones GROUP BY commitment_id
),
c AS (
    SELECT
        rowid AS crow, commitment_id, plan_id, level, number, planned_start, planned_end,
        nullif(trim(lead_agency_en), '') IS NOT NULL OR nullif(trim(lead_agency_ka), '') IS NOT NULL
            AS has_lead_agency,
        nullif(trim(title_ka), '') IS NOT NULL AS has_title_ka
    FROM commitments
)
-- ckey follows the display order (plan, number in numeric order, id), so ORDER BY ckey is that order.
SELECT
    (row_number() OVER (ORDER BY c.plan_id, number_order(c.number) NULLS LAST, c.commitment_id))::INTEGER AS ckey,
    c.crow, c.commitment_id, c.plan_id, c.level, c.number, c.planned_start, c.planned_end,
    coalesce(j.jurisdiction_ids, []::VARCHAR[]) AS jurisdiction_ids,
    coalesce(t.theme_ids, []::VARCHAR[]) AS theme_ids,
    coalesce(s.sdgs, []::INTEGER[]) AS sdgs,
    j.jurisdictions_en, j.jurisdictions_ka,
    coalesce(m.milestones, 0) AS milestones,
    c.has_lead_agency, c.has_title_ka
FROM c
LEFT JOIN j ON j.commitment_id = c.commitment_id
LEFT JOIN t ON t.commitment_id = c.commitment_id
LEFT JOIN s ON s.commitment_id = c.commitment_id
LEFT JOIN m ON m.commitment_id = c.commitment_id;

-- One row per milestone: its key (display order: commitment, number in numeric order, id), its commitment's key,
-- its rowid in milestones and its dates.
CREATE OR REPLACE TABLE derived.milestone_facts AS
SELECT
    (row_number() OVER (ORDER BY m.commitment_id, number_order(m.number) NULLS LAST, m.milestone_id))::INTEGER AS mkey,
    f.ckey, m.rowid AS mrow, m.milestone_id, m.planned_start, m.planned_end, m.actual_start, m.actual_end
FROM milestones AS m
JOIN derived.commitment_facts AS f ON f.commitment_id = m.commitment_id;

-- Progress rows by integer keys.
CREATE OR REPLACE TABLE derived.milestone_period AS
SELECT p.pkey, p.period_id, f.mkey, mp.state, mp.rating
FROM milestone_progress AS mp
JOIN derived.milestone_facts AS f ON f.milestone_id = mp.milestone_id
JOIN derived.period_list AS p ON p.period_id = mp.period_id;

CREATE OR REPLACE TABLE derived.commitment_period AS
SELECT p.pkey, p.period_id, f.ckey, cp.state, cp.rating
FROM commitment_progress AS cp
JOIN derived.commitment_facts AS f ON f.commitment_id = cp.commitment_id
JOIN derived.period_list AS p ON p.period_id = cp.period_id;

-- Every milestone in a period at the period's as_of (the milestone_* macros above; its progress row, state
-- and rating, stays in derived.milestone_period: 60 MB less at 50,000 commitments): done, due, slip_days,
-- slip_is_minimum and the slip status, where 'not_yet_due' also stands for 'due_soon' (the threshold is a query
-- parameter: the queries split it), and the month of the planned end (slip_months). A period's rows are added
-- together, so they stay together (queries read one period; the order within it is not used).
CREATE OR REPLACE MACRO milestone_state_rows(p_pkey) AS TABLE
WITH done AS (
    -- the milestones done in the period: a narrow build side for the join below (its 1.8 million probes were
    -- most of this table's cost when they carried the progress rows' text)
    SELECT pkey, mkey FROM derived.milestone_period WHERE pkey = p_pkey AND milestone_done(state, rating)
),
x AS (
    SELECT
        p.pkey, p.period_id, p.as_of, m.mkey, m.ckey, m.planned_end, m.actual_start, m.actual_end,
        d.mkey IS NOT NULL AS done
    FROM (SELECT * FROM derived.period_list WHERE pkey = p_pkey) AS p
    CROSS JOIN derived.milestone_facts AS m
    LEFT JOIN done AS d ON d.pkey = p.pkey AND d.mkey = m.mkey
)
SELECT
    pkey, mkey, ckey, done,
    coalesce(as_of >= planned_end, false) AS due,
    milestone_slip_days(done, as_of, planned_end, actual_start, actual_end) AS slip_days,
    milestone_slip_is_minimum(done, planned_end, actual_start, actual_end) AS slip_is_minimum,
    milestone_slip_status(done, as_of, planned_end, actual_start, actual_end) AS slip_status,
    date_trunc('month', planned_end)::DATE AS month
FROM x;

CREATE OR REPLACE TABLE derived.milestone_state AS FROM milestone_state_rows(first_state_pkey());

-- Every commitment in a period at the period's as_of: the filter dimensions, its progress (no row = not
-- reported) and its milestone counts. A period's rows are added together, in commitment key (display) order.
CREATE OR REPLACE MACRO commitment_state_rows(p_pkey) AS TABLE
WITH ms AS (
    SELECT pkey, ckey, unnest(milestone_counts(done, due, slip_days))
    FROM derived.milestone_state
    WHERE pkey = p_pkey
    GROUP BY pkey, ckey
)
SELECT
    p.pkey, c.ckey, c.crow, c.commitment_id, c.plan_id, c.level, c.number, c.planned_start, c.planned_end,
    c.jurisdiction_ids, c.theme_ids, c.sdgs, c.jurisdictions_en, c.jurisdictions_ka,
    c.milestones AS n_milestones, c.has_lead_agency, c.has_title_ka,
    cp.state, cp.rating,
    coalesce(ms.milestones_done, 0) AS milestones_done,
    coalesce(ms.milestones_due, 0) AS milestones_due,
    coalesce(ms.milestones_done_among_due, 0) AS milestones_done_among_due,
    coalesce(ms.milestones_overdue, 0) AS milestones_overdue,
    ms.max_overdue_days
FROM (SELECT * FROM derived.period_list WHERE pkey = p_pkey) AS p
CROSS JOIN derived.commitment_facts AS c
LEFT JOIN (SELECT * FROM derived.commitment_period WHERE pkey = p_pkey) AS cp ON cp.ckey = c.ckey
LEFT JOIN ms ON ms.pkey = p.pkey AND ms.ckey = c.ckey
ORDER BY c.ckey;

CREATE OR REPLACE TABLE derived.commitment_state AS FROM commitment_state_rows(first_state_pkey());

-- Reported milestones per commitment and period (commitment_progress_history).
CREATE OR REPLACE TABLE derived.commitment_period_milestones AS
SELECT
    m.ckey, mp.period_id,
    count(*) AS milestones_reported,
    count(*) FILTER (WHERE milestone_done(mp.state, mp.rating)) AS milestones_done
FROM derived.milestone_period AS mp
JOIN derived.milestone_facts AS m ON m.mkey = mp.mkey
GROUP BY ALL;

-- The unfiltered view of each period at its own as_of (every commitment, no filter: the default view of the
-- Timeline), aggregated once so slip_distribution, slip_months and overdue_items do not scan the period's
-- 300,000 milestones on every run; with a filter or a custom $as_of they compute from the rows above.
-- Milestones per month of the planned end, slip status and day of slip (slip_months; ~45,000 rows at 50,000
-- commitments over 6 periods): the day is kept so a query can split off 'due_soon' with its threshold.
CREATE OR REPLACE MACRO slip_month_count_rows(p_pkey) AS TABLE
SELECT pkey, month, slip_status, slip_days, count(*) AS n
FROM derived.milestone_state
WHERE pkey = p_pkey
GROUP BY ALL
ORDER BY month, slip_status;

CREATE OR REPLACE TABLE derived.slip_month_counts AS FROM slip_month_count_rows(first_state_pkey());

-- The done (with a known or minimum slip) and overdue milestones per slip status and day of slip
-- (slip_distribution bins them with its $bin_days), from the counts above.
CREATE OR REPLACE MACRO slip_day_count_rows(p_pkey) AS TABLE
SELECT pkey, slip_status, slip_days, sum(n)::BIGINT AS n
FROM derived.slip_month_counts
WHERE pkey = p_pkey AND slip_days IS NOT NULL AND slip_status IN ('done_on_time', 'done_late', 'overdue')
GROUP BY ALL
ORDER BY slip_days, slip_status;

CREATE OR REPLACE TABLE derived.slip_day_counts AS FROM slip_day_count_rows(first_state_pkey());

-- Every milestone and commitment with a planned end in the order of the overdue list (overdue_items): overdue means
-- slip_days = as_of - planned end for both, so in any period the list's order (longest overdue first, then id) is
-- the order of planned end, then id, which grank gives. With the columns a page shows, so a page reads its rows
-- here by rank instead of scanning the loaded milestones' compressed text for them (not sorted: a page's few
-- ranks are found by a scan of this uncompressed table).
CREATE OR REPLACE TABLE derived.item_text AS
WITH r AS (
    SELECT mkey, ckey, row_id, id, planned_end,
           row_number() OVER (ORDER BY planned_end, id, mkey NULLS FIRST)::INTEGER AS grank
    FROM (
        SELECT mkey, NULL::INTEGER AS ckey, mrow AS row_id, planned_end, milestone_id AS id FROM derived.milestone_facts
        UNION ALL
        SELECT NULL::INTEGER, ckey, crow, planned_end, commitment_id FROM derived.commitment_facts
    )
    WHERE planned_end IS NOT NULL
)
SELECT r.grank, r.mkey, r.ckey, 'milestone' AS kind, r.id, m.number, m.title_en, m.title_ka, r.planned_end
FROM r
JOIN milestones AS m ON m.rowid = r.row_id
WHERE r.mkey IS NOT NULL
UNION ALL
SELECT r.grank, r.mkey, r.ckey, 'commitment', r.id, c.number, c.title_en, c.title_ka, r.planned_end
FROM r
JOIN commitments AS c ON c.rowid = r.row_id
WHERE r.mkey IS NULL;

-- Overdue milestones and commitments (overdue_items) per period: their commitment, rank (derived.item_text) and
-- days overdue.
CREATE OR REPLACE MACRO overdue_item_rows(p_pkey) AS TABLE
SELECT ms.pkey, ms.ckey, t.grank, ms.slip_days
FROM derived.milestone_state AS ms
JOIN derived.item_text AS t ON t.mkey = ms.mkey
WHERE ms.pkey = p_pkey AND ms.slip_status = 'overdue'
UNION ALL
SELECT cs.pkey, cs.ckey, t.grank, p.as_of - cs.planned_end
FROM derived.commitment_state AS cs
JOIN derived.period_list AS p ON p.pkey = cs.pkey
JOIN derived.item_text AS t ON t.mkey IS NULL AND t.ckey = cs.ckey
WHERE cs.pkey = p_pkey AND cs.rating IS DISTINCT FROM 'fully_implemented' AND cs.planned_end IS NOT NULL
  AND p.as_of >= cs.planned_end;

CREATE OR REPLACE TABLE derived.overdue_item AS FROM overdue_item_rows(first_state_pkey());
