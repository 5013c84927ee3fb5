-- Distribution of slippage in days of the filtered commitments' milestones that are done (with a known or minimum
-- slip) or overdue, in bins of $bin_days days: bin_start <= slip_days < bin_end. Binned here so big data stays small.
WITH fc AS (
    SELECT ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    floor(slip_days / $bin_days::DOUBLE)::BIGINT * $bin_days::INTEGER AS bin_start,
    floor(slip_days / $bin_days::DOUBLE)::BIGINT * $bin_days::INTEGER + $bin_days::INTEGER AS bin_end,
    slip_status,
    count(*) AS milestones
FROM milestone_state_at($period::VARCHAR, $as_of::DATE)
WHERE slip_days IS NOT NULL
  AND slip_status IN ('done_on_time', 'done_late', 'overdue')
  AND ckey IN (SELECT ckey FROM fc)
GROUP BY ALL
ORDER BY bin_start, slip_status;
