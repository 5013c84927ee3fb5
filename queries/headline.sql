-- Headline figures of the filtered commitments in the selected period: one row (none for an unknown period).
-- Milestone figures are sums of the per-commitment counts precomputed for the period (derived.commitment_state).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
c AS (
    SELECT
        unnest(completion_figures(rating, score, n_milestones, milestones_done)),  -- _macros.sql
        count(*) FILTER (WHERE overdue) AS commitments_overdue,
        coalesce(sum(milestones_due), 0)::BIGINT AS milestones_due,
        coalesce(sum(milestones_overdue), 0)::BIGINT AS milestones_overdue,
        sum(milestones_done_among_due) / nullif(sum(milestones_due), 0) AS bei
    FROM fc
)
SELECT
    sp.period_id, sp.as_of,
    c.commitments, c.rated, c.fully, c.mostly, c.partially, c.not_implemented, c.not_reported, c.mean_score,
    c.milestones, c.milestones_done, c.milestones_due, c.milestones_overdue, c.commitments_overdue, c.bei
FROM selected_period($period::VARCHAR, $as_of::DATE) AS sp
CROSS JOIN c;
