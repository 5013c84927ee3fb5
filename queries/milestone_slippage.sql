-- Milestones of the filtered commitments against their plan as of the selected period's as_of (DESIGN §4; the
-- rules are in _macros.sql, milestone_status), with their progress (state, rating) in the selected period.
SELECT
    ms.milestone_id, ms.commitment_id, ms.number, ms.title_en, ms.title_ka,
    ms.planned_start, ms.planned_end, ms.actual_start, ms.actual_end, mp.state, mp.rating,
    ms.done, ms.slip_days, ms.slip_is_minimum, ms.slip_status, ms.period_id, ms.as_of
FROM milestone_status($period::VARCHAR, $as_of::DATE, $due_soon_days::INTEGER) AS ms
LEFT JOIN derived.milestone_period AS mp ON mp.mkey = ms.mkey AND mp.period_id = ms.period_id
WHERE ms.ckey IN (
    SELECT ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
ORDER BY ms.mkey;
