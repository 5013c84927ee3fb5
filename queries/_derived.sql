-- Derived tables the metric macros read, built once after the tables are loaded (store.py runs queries/_*.sql in
-- name order, so this file runs before _macros.sql). They only re-key and denormalise the loaded tables so the
-- queries join on integers and filter on lists instead of joining strings (50,000 commitments / 300,000
-- milestones), and precompute what does not depend on the period (jurisdiction names, display order).
-- They live in their own schema so a listing of the dataset's tables does not show them.
CREATE SCHEMA IF NOT EXISTS derived;

-- Numeric order of a published number such as '6.2.10' (text order would put it before '6.2.2').
CREATE OR REPLACE MACRO number_order(n) AS try_cast(string_split(n, '.') AS INTEGER[]);

-- One row per commitment: an integer key, the filter dimensions as lists, and the columns the queries show.
CREATE OR REPLACE TABLE derived.commitment_facts AS
WITH j AS (
    SELECT commitment_id, list(jurisdiction_id ORDER BY jurisdiction_id) AS jurisdiction_ids
    FROM commitment_jurisdictions GROUP BY commitment_id
),
t AS (
    SELECT commitment_id, list(theme_id ORDER BY theme_id) AS theme_ids
    FROM commitment_themes GROUP BY commitment_id
),
s AS (
    SELECT commitment_id, list(sdg ORDER BY sdg) AS sdgs
    FROM commitment_sdgs GROUP BY commitment_id
),
jn AS (
    SELECT
        cj.commitment_id,
        string_agg(jn.name_en, ', ' ORDER BY jn.name_en) AS jurisdictions_en,
        string_agg(jn.name_ka, ', ' ORDER BY jn.name_ka) AS jurisdictions_ka
    FROM commitment_jurisdictions AS cj
    JOIN jurisdictions AS jn ON jn.jurisdiction_id = cj.jurisdiction_id
    GROUP BY cj.commitment_id
),
m AS (
    SELECT commitment_id, count(*) AS milestones FROM milestones GROUP BY commitment_id
)
-- ckey follows the display order (plan, number in numeric order, id), so ORDER BY ckey is that order.
SELECT
    (row_number() OVER (ORDER BY c.plan_id, number_order(c.number) NULLS LAST, c.commitment_id))::INTEGER AS ckey,
    c.commitment_id, c.plan_id, c.level, c.number, c.title_en, c.title_ka, c.lead_agency_en, c.lead_agency_ka,
    c.planned_start, c.planned_end, c.source_url_en, c.source_url_ka,
    coalesce(j.jurisdiction_ids, []::VARCHAR[]) AS jurisdiction_ids,
    coalesce(t.theme_ids, []::VARCHAR[]) AS theme_ids,
    coalesce(s.sdgs, []::INTEGER[]) AS sdgs,
    jn.jurisdictions_en, jn.jurisdictions_ka,
    coalesce(m.milestones, 0) AS milestones
FROM commitments AS c
LEFT JOIN j ON j.commitment_id = c.commitment_id
LEFT JOIN t ON t.commitment_id = c.commitment_id
LEFT JOIN s ON s.commitment_id = c.commitment_id
LEFT JOIN jn ON jn.commitment_id = c.commitment_id
LEFT JOIN m ON m.commitment_id = c.commitment_id
ORDER BY ckey;

CREATE OR REPLACE TABLE derived.commitment_period AS
SELECT f.ckey, cp.period_id, cp.state, cp.rating
FROM commitment_progress AS cp
JOIN derived.commitment_facts AS f ON f.commitment_id = cp.commitment_id
ORDER BY cp.period_id, f.ckey;

-- One row per milestone with its commitment's key and the periods in which it is done (state completed or rating
-- fully implemented), so "done in the selected period" needs no join.
CREATE OR REPLACE TABLE derived.milestone_facts AS
WITH d AS (
    SELECT milestone_id, list(period_id ORDER BY period_id) AS done_periods
    FROM milestone_progress
    WHERE state = 'completed' OR rating = 'fully_implemented'
    GROUP BY milestone_id
)
-- mkey follows the display order (commitment, number in numeric order, id).
SELECT
    (row_number() OVER (ORDER BY m.commitment_id, number_order(m.number) NULLS LAST, m.milestone_id))::INTEGER AS mkey,
    f.ckey, m.milestone_id, m.commitment_id, m.number, m.title_en, m.title_ka,
    m.planned_start, m.planned_end, m.actual_start, m.actual_end,
    coalesce(d.done_periods, []::VARCHAR[]) AS done_periods
FROM milestones AS m
JOIN derived.commitment_facts AS f ON f.commitment_id = m.commitment_id
LEFT JOIN d ON d.milestone_id = m.milestone_id
ORDER BY mkey;

CREATE OR REPLACE TABLE derived.milestone_period AS
SELECT f.mkey, mp.period_id, mp.state, mp.rating
FROM milestone_progress AS mp
JOIN derived.milestone_facts AS f ON f.milestone_id = mp.milestone_id
ORDER BY mp.period_id, f.mkey;
