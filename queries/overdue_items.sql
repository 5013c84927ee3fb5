-- Overdue milestones and commitments of the filtered commitments (slip status 'overdue', as milestone_slippage
-- and commitment_slippage), longest overdue first: kind ('milestone' / 'commitment'), id, number, titles, planned
-- end, slip_days (days overdue). $limit / $offset page them; total_rows is the number of rows before paging.
-- Without a custom $as_of the items are read from derived.overdue_item (listed at load, in the list's order by
-- grank, with the text of a page in derived.item_text); with one they are listed here.
WITH fc AS (
    -- only the columns read below: the CTE is read more than once, so DuckDB materializes it, and every column
    -- (lists and text) of the 22,000 commitments of one theme at 50,000 cost ~10 times these alone
    SELECT ckey, crow, commitment_id, rating, as_of, planned_end FROM filtered_commitments(
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
-- a filtered view: its items, once (the page and the count below both read them: one semi-join, not two)
stored_filtered AS MATERIALIZED (
    SELECT o.grank, o.slip_days
    FROM derived.overdue_item AS o
    WHERE o.pkey = (SELECT pkey FROM selected_period($period::VARCHAR, NULL::DATE))
      AND $as_of::DATE IS NULL
      AND NOT unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                              $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
      AND o.ckey IN (SELECT ckey FROM fc)
),
stored AS NOT MATERIALIZED (
    SELECT o.grank, o.slip_days
    FROM derived.overdue_item AS o
    WHERE o.pkey = (SELECT pkey FROM selected_period($period::VARCHAR, NULL::DATE))
      AND unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                          $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
    UNION ALL
    SELECT grank, slip_days FROM stored_filtered
),
listed_page AS (
    SELECT p.kind, p.id, coalesce(m.number, c.number) AS number, coalesce(m.title_en, c.title_en) AS title_en,
           coalesce(m.title_ka, c.title_ka) AS title_ka, coalesce(m.planned_end, c.planned_end) AS planned_end,
           p.slip_days
    FROM (
        SELECT kind, row_id, id, slip_days
        FROM listed
        ORDER BY slip_days DESC NULLS LAST, id
        LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
    ) AS p
    -- (the loaded tables are not scanned at all without a custom as_of)
    LEFT JOIN (SELECT rowid AS row_id, * FROM milestones WHERE $as_of::DATE IS NOT NULL) AS m
        ON p.kind = 'milestone' AND m.row_id = p.row_id
    LEFT JOIN (SELECT rowid AS row_id, * FROM commitments WHERE $as_of::DATE IS NOT NULL) AS c
        ON p.kind = 'commitment' AND c.row_id = p.row_id
),
stored_page AS (
    SELECT t.kind, t.id, t.number, t.title_en, t.title_ka, t.planned_end, s.slip_days
    FROM (
        SELECT * FROM stored
        ORDER BY grank
        LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
    ) AS s
    JOIN derived.item_text AS t ON t.grank = s.grank
)
SELECT *, (SELECT count(*) FROM listed) + (SELECT count(*) FROM stored) AS total_rows
FROM (SELECT * FROM listed_page UNION ALL SELECT * FROM stored_page)
ORDER BY slip_days DESC NULLS LAST, id;
