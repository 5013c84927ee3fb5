-- Milestones of the filtered commitments against their plan as of the selected period's as_of (docs/metrics.md; the
-- rules are in _macros.sql, milestone_state_at), with their progress (state, rating) in the selected period, in
-- display order. $limit / $offset (extra parameters; NULL limit = all) page them; total_rows is the number of rows
-- before paging. Titles and progress rows are read for the returned rows only.
WITH fc AS (
    SELECT ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
base AS NOT MATERIALIZED (
    SELECT ms.*
    FROM milestone_state_at($period::VARCHAR, $as_of::DATE) AS ms
    WHERE ms.ckey IN (SELECT ckey FROM fc)
),
page AS (
    SELECT * FROM base
    ORDER BY mkey
    LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
)
SELECT
    m.milestone_id, m.commitment_id, m.number, m.title_en, m.title_ka,
    f.planned_start, f.planned_end, f.actual_start, f.actual_end, mp.state, mp.rating,
    p.done, p.slip_days, p.slip_is_minimum,
    slip_status_final(p.slip_status, p.slip_days, $due_soon_days::INTEGER) AS slip_status,
    p.period_id, p.as_of, (SELECT count(*) FROM base) AS total_rows
FROM page AS p
JOIN derived.milestone_facts AS f ON f.mkey = p.mkey
JOIN milestones AS m ON m.rowid = f.mrow
LEFT JOIN derived.milestone_period AS mp ON mp.pkey = p.pkey AND mp.mkey = p.mkey
ORDER BY p.mkey;
