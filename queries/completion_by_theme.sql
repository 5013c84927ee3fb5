-- Completion per OGP thematic area: a commitment counts in each of its themes. With a theme filter only the
-- selected themes are listed.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    t.theme_id, t.label_en, t.label_ka,
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
FROM (SELECT *, unnest(theme_ids) AS dim FROM fc) AS fc
JOIN themes AS t ON t.theme_id = fc.dim
WHERE $theme::VARCHAR[] IS NULL OR list_contains($theme::VARCHAR[], t.theme_id)
GROUP BY t.theme_id, t.label_en, t.label_ka
ORDER BY list_position(['transparency', 'accountability', 'access_to_services', 'innovation_technology', 'engagement'], t.theme_id) NULLS LAST, t.theme_id;
