-- Overdue milestones and commitments of the filtered commitments (slip status 'overdue', as milestone_slippage
-- and commitment_slippage), longest overdue first: kind ('milestone' / 'commitment'), id, number, titles, planned
-- end, slip_days (days overdue). $limit / $offset page them; total_rows is the number of rows before paging.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
items AS NOT MATERIALIZED (
    SELECT 'milestone' AS kind, f.mrow AS row_id, f.milestone_id AS id, ms.slip_days
    FROM milestone_state_at($period::VARCHAR, $as_of::DATE) AS ms
    JOIN derived.milestone_facts AS f ON f.mkey = ms.mkey
    WHERE ms.slip_status = 'overdue' AND ms.ckey IN (SELECT ckey FROM fc)
    UNION ALL
    SELECT 'commitment', crow, commitment_id, as_of - planned_end
    FROM fc
    WHERE rating IS DISTINCT FROM 'fully_implemented' AND planned_end IS NOT NULL AND as_of >= planned_end
),
page AS (
    SELECT *
    FROM items
    ORDER BY slip_days DESC NULLS LAST, id
    LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
)
SELECT p.kind, p.id, coalesce(m.number, c.number) AS number, coalesce(m.title_en, c.title_en) AS title_en,
       coalesce(m.title_ka, c.title_ka) AS title_ka, coalesce(m.planned_end, c.planned_end) AS planned_end,
       p.slip_days, (SELECT count(*) FROM items) AS total_rows
FROM page AS p
LEFT JOIN milestones AS m ON p.kind = 'milestone' AND m.rowid = p.row_id
LEFT JOIN commitments AS c ON p.kind = 'commitment' AND c.rowid = p.row_id
ORDER BY p.slip_days DESC NULLS LAST, p.id;
