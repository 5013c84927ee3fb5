-- Commitments against their plan as of the selected period's as_of (docs/metrics.md).
--   overdue: not fully implemented and as_of >= planned end (slip_days = as_of - planned_end; negative = days left);
--   slip_status: fully implemented -> done_on_time when as_of <= planned end, else done_date_unknown;
--                otherwise overdue / due_soon / not_yet_due / no_dates as for milestones;
--   bei: milestones done among those due by as_of (NULL when none is due);
--   rag: not_assessed without milestones; off_track when bei < $rag_off_track_bei or a milestone is overdue by more
--        than $rag_off_track_overdue_days; on_track when bei (if any) >= $rag_on_track_bei and no milestone is
--        overdue by more than $rag_on_track_max_overdue_days; otherwise at_risk. Thresholds: dashboard/thresholds.toml.
-- Rows: most overdue first. $limit / $offset (extra parameters; NULL limit = all) page them; total_rows is the
-- number of rows before paging. Titles are read for the returned rows only.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
s AS NOT MATERIALIZED (
    SELECT
        ckey, crow, commitment_id, number, plan_id, planned_start, planned_end, state, rating,
        n_milestones AS milestones, milestones_done, milestones_due, milestones_done_among_due,
        milestones_done_among_due / nullif(milestones_due, 0) AS bei,
        max_overdue_days, overdue,
        CASE WHEN rating = 'fully_implemented' THEN NULL ELSE as_of - planned_end END AS slip_days,
        commitment_slip_status(rating, as_of, planned_end, $due_soon_days::INTEGER) AS slip_status,
        period_id, as_of
    FROM fc
),
page AS (
    SELECT *
    FROM s
    ORDER BY overdue DESC, slip_days DESC NULLS LAST, commitment_id
    LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
)
SELECT
    p.commitment_id, p.number, c.title_en, c.title_ka, p.plan_id, p.planned_start, p.planned_end, p.state, p.rating,
    p.milestones, p.milestones_done, p.milestones_due, p.milestones_done_among_due, p.bei, p.max_overdue_days,
    p.overdue, p.slip_days, p.slip_status,
    CASE
        WHEN p.milestones = 0 THEN 'not_assessed'
        WHEN p.bei < $rag_off_track_bei::DOUBLE
             OR p.max_overdue_days > $rag_off_track_overdue_days::INTEGER THEN 'off_track'
        WHEN (p.bei IS NULL OR p.bei >= $rag_on_track_bei::DOUBLE)
             AND coalesce(p.max_overdue_days, 0) <= $rag_on_track_max_overdue_days::INTEGER THEN 'on_track'
        ELSE 'at_risk'
    END AS rag,
    p.period_id, p.as_of, (SELECT count(*) FROM s) AS total_rows
FROM page AS p
JOIN commitments AS c ON c.rowid = p.crow
ORDER BY p.overdue DESC, p.slip_days DESC NULLS LAST, p.commitment_id;
