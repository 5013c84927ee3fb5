-- Overdue milestones and commitments of the filtered commitments (slip status 'overdue', as milestone_slippage
-- and commitment_slippage), longest overdue first: kind ('milestone' / 'commitment'), id, number, titles, planned
-- end, slip_days (days overdue). $limit / $offset page them; total_rows is the number of rows before paging.
-- Without a custom $as_of the items are read from derived.overdue_item (listed and ranked at load; without a
-- filter a page is a range of ranks); with one they are listed here.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
listed AS NOT MATERIALIZED (
    SELECT 'milestone' AS kind, f.mrow AS row_id, f.milestone_id AS id, ms.slip_days
    FROM milestone_state_at($period::VARCHAR, $as_of::DATE) AS ms
    JOIN derived.milestone_facts AS f ON f.mkey = ms.mkey
    WHERE $as_of::DATE IS NOT NULL AND ms.slip_status = 'overdue' AND ms.ckey IN (SELECT ckey FROM fc)
    UNION ALL
    SELECT 'commitment', crow, commitment_id, as_of - planned_end
    FROM fc
    WHERE $as_of::DATE IS NOT NULL
      AND rating IS DISTINCT FROM 'fully_implemented' AND planned_end IS NOT NULL AND as_of >= planned_end
),
stored AS NOT MATERIALIZED (
    SELECT o.ckey, o.mkey, o.slip_days, o.rn
    FROM selected_period($period::VARCHAR, NULL::DATE) AS sp
    JOIN derived.overdue_item AS o ON o.pkey = sp.pkey
    WHERE $as_of::DATE IS NULL
      AND (unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                           $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
           OR o.ckey IN (SELECT ckey FROM fc))
),
stored_page AS (
    SELECT * FROM stored
    WHERE unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                          $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
      AND rn > coalesce($offset::BIGINT, 0)
      AND ($limit::BIGINT IS NULL OR rn <= coalesce($offset::BIGINT, 0) + $limit::BIGINT)
    UNION ALL
    SELECT * FROM (
        SELECT * FROM stored
        WHERE NOT unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                                  $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
        ORDER BY rn
        LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
    )
),
page AS (
    SELECT * FROM (
        SELECT kind, row_id, id, slip_days
        FROM listed
        ORDER BY slip_days DESC NULLS LAST, id
        LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
    )
    UNION ALL
    SELECT CASE WHEN s.mkey IS NULL THEN 'commitment' ELSE 'milestone' END,
           coalesce(mf.mrow, cf.crow), coalesce(mf.milestone_id, cf.commitment_id), s.slip_days
    FROM stored_page AS s
    LEFT JOIN derived.milestone_facts AS mf ON mf.mkey = s.mkey
    LEFT JOIN derived.commitment_facts AS cf ON s.mkey IS NULL AND cf.ckey = s.ckey
)
SELECT p.kind, p.id, coalesce(m.number, c.number) AS number, coalesce(m.title_en, c.title_en) AS title_en,
       coalesce(m.title_ka, c.title_ka) AS title_ka, coalesce(m.planned_end, c.planned_end) AS planned_end,
       p.slip_days, (SELECT count(*) FROM listed) + (SELECT count(*) FROM stored) AS total_rows
FROM page AS p
LEFT JOIN milestones AS m ON p.kind = 'milestone' AND m.rowid = p.row_id
LEFT JOIN commitments AS c ON p.kind = 'commitment' AND c.rowid = p.row_id
ORDER BY p.slip_days DESC NULLS LAST, p.id;
