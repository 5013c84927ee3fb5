-- Completion per SDG: a commitment counts in each of its SDGs. With an SDG filter only the selected SDGs are
-- listed.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    s.sdg, s.label_en, s.label_ka, s.colour,
    count(*) AS commitments,
    count(fc.rating) AS rated,
    n_rating(fc.rating, 'fully_implemented') AS fully,
    n_rating(fc.rating, 'mostly_implemented') AS mostly,
    n_rating(fc.rating, 'partially_implemented') AS partially,
    n_rating(fc.rating, 'not_implemented') AS not_implemented,
    count(*) FILTER (WHERE fc.rating IS NULL) AS not_reported,
    avg(fc.score) AS mean_score,
    coalesce(sum(fc.n_milestones), 0)::BIGINT AS milestones,
    coalesce(sum(fc.milestones_done), 0)::BIGINT AS milestones_done,
    sum(fc.milestones_done) / nullif(sum(fc.n_milestones), 0) AS milestone_completion_rate
FROM (SELECT *, unnest(sdgs) AS dim FROM fc) AS fc
JOIN sdgs AS s ON s.sdg = fc.dim
WHERE $sdg::INTEGER[] IS NULL OR list_contains($sdg::INTEGER[], s.sdg)
GROUP BY s.sdg, s.label_en, s.label_ka, s.colour
ORDER BY s.sdg;
