-- Completion per jurisdiction: a joint commitment counts in each of its jurisdictions. With a jurisdiction
-- filter only the selected jurisdictions are listed.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    j.jurisdiction_id, j.name_en, j.name_ka, j.kind,
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
FROM (SELECT *, unnest(jurisdiction_ids) AS dim FROM fc) AS fc
JOIN jurisdictions AS j ON j.jurisdiction_id = fc.dim
WHERE $jurisdiction::VARCHAR[] IS NULL OR list_contains($jurisdiction::VARCHAR[], j.jurisdiction_id)
GROUP BY j.jurisdiction_id, j.name_en, j.name_ka, j.kind
ORDER BY j.name_en, j.jurisdiction_id;
