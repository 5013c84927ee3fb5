-- Jurisdiction x thematic area heatmap: commitments, rated and mean score per cell. A commitment counts in every
-- (jurisdiction, theme) pair it has; with a jurisdiction or theme filter only the selected ones are listed.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    j.jurisdiction_id, j.name_en, j.name_ka, t.theme_id, t.label_en, t.label_ka,
    count(*) AS commitments,
    count(fct.rating) AS rated,
    avg(fct.score) AS mean_score
FROM (SELECT *, unnest(jurisdiction_ids) AS jurisdiction_id FROM fc) AS fcj
JOIN (SELECT ckey, rating, score, unnest(theme_ids) AS theme_id FROM fc) AS fct ON fct.ckey = fcj.ckey
JOIN jurisdictions AS j ON j.jurisdiction_id = fcj.jurisdiction_id
JOIN themes AS t ON t.theme_id = fct.theme_id
WHERE ($jurisdiction::VARCHAR[] IS NULL OR list_contains($jurisdiction::VARCHAR[], j.jurisdiction_id))
  AND ($theme::VARCHAR[] IS NULL OR list_contains($theme::VARCHAR[], t.theme_id))
GROUP BY j.jurisdiction_id, j.name_en, j.name_ka, t.theme_id, t.label_en, t.label_ka
ORDER BY j.name_en, j.jurisdiction_id,
         list_position($theme_order::VARCHAR[], t.theme_id) NULLS LAST, t.theme_id;
