-- Headline figures of the filtered commitments in the selected period: one row (none for an unknown period).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
ms AS (
    SELECT * FROM milestone_at($period::VARCHAR, $as_of::DATE)
    WHERE ckey IN (SELECT ckey FROM fc)
),
c AS (
    SELECT
        count(*) AS commitments,
        count(rating) AS rated,
        n_rating(rating, 'fully_implemented') AS fully,
        n_rating(rating, 'mostly_implemented') AS mostly,
        n_rating(rating, 'partially_implemented') AS partially,
        n_rating(rating, 'not_implemented') AS not_implemented,
        count(*) FILTER (WHERE rating IS NULL) AS not_reported,
        avg(score) AS mean_score,
        count(*) FILTER (WHERE overdue) AS commitments_overdue
    FROM fc
),
m AS (
    SELECT
        count(*) AS milestones,
        count(*) FILTER (WHERE done) AS milestones_done,
        count(*) FILTER (WHERE due) AS milestones_due,
        count(*) FILTER (WHERE due AND NOT done) AS milestones_overdue,
        count(*) FILTER (WHERE due AND done) / nullif(count(*) FILTER (WHERE due), 0) AS bei
    FROM ms
)
SELECT
    sp.period_id, sp.as_of,
    c.commitments, c.rated, c.fully, c.mostly, c.partially, c.not_implemented, c.not_reported, c.mean_score,
    m.milestones, m.milestones_done, m.milestones_due, m.milestones_overdue, c.commitments_overdue, m.bei
FROM selected_period($period::VARCHAR, $as_of::DATE) AS sp
CROSS JOIN c
CROSS JOIN m;
