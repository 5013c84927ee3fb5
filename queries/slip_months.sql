-- Slip status counts per month of the planned end, for the timeline and slippage charts at any size (one row per
-- month and status instead of one per milestone). $kind (extra parameter): 'milestone' (default: the filtered
-- commitments' milestones, as milestone_slippage) or 'commitment' (as commitment_slippage). month: first day of the
-- planned end's month (NULL without a planned end); n: rows; slip_days: the largest slip in the group (NULL when
-- none is known). The milestones of the unfiltered view of a period at its own as_of are read from the counts
-- computed at load (derived.slip_month_counts).
WITH fc AS (
    -- only the columns read below: the CTE is read twice, so DuckDB materializes it, and every column (lists and
    -- text) of the 22,000 commitments of one theme at 50,000 cost ~10 times the key and dates alone
    SELECT ckey, rating, as_of, planned_end FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
rows AS (
    -- a filtered view at the period's own as_of: the period's precomputed state holds the month of the planned end
    -- (no join to derived.milestone_facts)
    SELECT
        ms.month,
        slip_status_final(ms.slip_status, ms.slip_days, $due_soon_days::INTEGER) AS slip_status,
        1 AS n,
        ms.slip_days
    FROM selected_period($period::VARCHAR, NULL::DATE) AS sp
    JOIN derived.milestone_state AS ms ON ms.pkey = sp.pkey
    WHERE coalesce($kind::VARCHAR, 'milestone') = 'milestone' AND $as_of::DATE IS NULL
      AND ms.ckey IN (SELECT ckey FROM fc)
      AND NOT unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                              $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
    UNION ALL
    -- a custom as_of: the milestones' state at that date
    SELECT
        date_trunc('month', f.planned_end)::DATE,
        slip_status_final(ms.slip_status, ms.slip_days, $due_soon_days::INTEGER),
        1,
        ms.slip_days
    FROM milestone_state_at($period::VARCHAR, $as_of::DATE) AS ms
    JOIN derived.milestone_facts AS f ON f.mkey = ms.mkey
    WHERE coalesce($kind::VARCHAR, 'milestone') = 'milestone' AND $as_of::DATE IS NOT NULL
      AND ms.ckey IN (SELECT ckey FROM fc)
    UNION ALL
    SELECT
        c.month,
        slip_status_final(c.slip_status, c.slip_days, $due_soon_days::INTEGER),
        c.n,
        c.slip_days
    FROM selected_period($period::VARCHAR, NULL::DATE) AS sp
    JOIN derived.slip_month_counts AS c ON c.pkey = sp.pkey
    WHERE coalesce($kind::VARCHAR, 'milestone') = 'milestone'
      AND unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                          $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
    UNION ALL
    SELECT
        date_trunc('month', planned_end)::DATE,
        commitment_slip_status(rating, as_of, planned_end, $due_soon_days::INTEGER),
        1,
        CASE WHEN rating = 'fully_implemented' THEN NULL ELSE as_of - planned_end END
    FROM fc
    WHERE $kind::VARCHAR = 'commitment'
)
SELECT
    month, slip_status, sum(n)::BIGINT AS n, max(slip_days) AS slip_days,
    (SELECT period_id FROM selected_period($period::VARCHAR, $as_of::DATE)) AS period_id,
    (SELECT as_of FROM selected_period($period::VARCHAR, $as_of::DATE)) AS as_of
FROM rows
GROUP BY ALL
ORDER BY month NULLS LAST, slip_status;
