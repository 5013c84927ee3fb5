-- Commitments against their plan as of the selected period's as_of (DESIGN §4).
--   overdue: not fully implemented and as_of >= planned end (slip_days = as_of - planned_end; negative = days left);
--   slip_status: fully implemented -> done_on_time when as_of <= planned end, else done_date_unknown;
--                otherwise overdue / due_soon / not_yet_due / no_dates as for milestones;
--   bei: milestones done among those due by as_of (NULL when none is due);
--   rag: not_assessed without milestones; off_track when bei < $rag_off_track_bei or a milestone is overdue by more
--        than $rag_off_track_overdue_days; on_track when bei (if any) >= $rag_on_track_bei and no milestone is
--        overdue by more than $rag_on_track_max_overdue_days; otherwise at_risk. Thresholds: dashboard/thresholds.toml.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
s AS (
    SELECT
        fc.*,
        coalesce(cm.milestones, 0) AS milestones,
        coalesce(cm.milestones_done, 0) AS milestones_done,
        coalesce(cm.milestones_due, 0) AS milestones_due,
        coalesce(cm.milestones_done_among_due, 0) AS milestones_done_among_due,
        cm.milestones_done_among_due / nullif(cm.milestones_due, 0) AS bei,
        cm.max_overdue_days
    FROM fc
    LEFT JOIN commitment_milestones($period::VARCHAR, $as_of::DATE) AS cm ON cm.ckey = fc.ckey
)
SELECT
    commitment_id, number, title_en, title_ka, plan_id, planned_start, planned_end, state, rating,
    milestones, milestones_done, milestones_due, milestones_done_among_due, bei, max_overdue_days, overdue,
    CASE WHEN rating = 'fully_implemented' THEN NULL ELSE as_of - planned_end END AS slip_days,
    CASE
        WHEN rating = 'fully_implemented' AND as_of <= planned_end THEN 'done_on_time'
        WHEN rating = 'fully_implemented' THEN 'done_date_unknown'
        WHEN planned_end IS NULL THEN 'no_dates'
        WHEN as_of >= planned_end THEN 'overdue'
        WHEN planned_end - as_of <= $due_soon_days::INTEGER THEN 'due_soon'
        ELSE 'not_yet_due'
    END AS slip_status,
    CASE
        WHEN milestones = 0 THEN 'not_assessed'
        WHEN bei < $rag_off_track_bei::DOUBLE
             OR max_overdue_days > $rag_off_track_overdue_days::INTEGER THEN 'off_track'
        WHEN (bei IS NULL OR bei >= $rag_on_track_bei::DOUBLE)
             AND coalesce(max_overdue_days, 0) <= $rag_on_track_max_overdue_days::INTEGER THEN 'on_track'
        ELSE 'at_risk'
    END AS rag,
    period_id, as_of
FROM s
ORDER BY overdue DESC, slip_days DESC NULLS LAST, commitment_id;
