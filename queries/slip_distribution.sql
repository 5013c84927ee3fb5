-- Distribution of slippage in days of the filtered commitments' milestones that are done (with a known or minimum
-- slip) or overdue, in bins of $bin_days days: bin_start <= slip_days < bin_end. Binned here so big data stays small.
-- The unfiltered view of a period at its own as_of reads the counts per day of slip computed at load
-- (derived.slip_day_counts); otherwise the milestones are counted here.
WITH fc AS (
    SELECT ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
counted AS (
    SELECT slip_days, slip_status, count(*) AS n
    FROM milestone_state_at($period::VARCHAR, $as_of::DATE)
    WHERE NOT unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                              $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
      AND slip_days IS NOT NULL
      AND slip_status IN ('done_on_time', 'done_late', 'overdue')
      AND ckey IN (SELECT ckey FROM fc)
    GROUP BY ALL
    UNION ALL
    SELECT d.slip_days, d.slip_status, d.n
    FROM selected_period($period::VARCHAR, NULL::DATE) AS sp
    JOIN derived.slip_day_counts AS d ON d.pkey = sp.pkey
    WHERE unfiltered_view($plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[],
                          $sdg::INTEGER[], $rating::VARCHAR[], $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    floor(slip_days / $bin_days::DOUBLE)::BIGINT * $bin_days::INTEGER AS bin_start,
    floor(slip_days / $bin_days::DOUBLE)::BIGINT * $bin_days::INTEGER + $bin_days::INTEGER AS bin_end,
    slip_status,
    sum(n)::BIGINT AS milestones
FROM counted
GROUP BY ALL
ORDER BY bin_start, slip_status;
