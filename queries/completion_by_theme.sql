-- Completion per OGP thematic area: a commitment counts in each of its themes. With a theme filter only the
-- selected themes are listed. The figures: completion_by / completion_figures (_macros.sql).
SELECT t.theme_id, t.label_en, t.label_ka, cc.* EXCLUDE (code)
FROM completion_by(theme_ids,
    $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
    $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[]) AS cc
JOIN themes AS t ON t.theme_id = cc.code
WHERE $theme::VARCHAR[] IS NULL OR list_contains($theme::VARCHAR[], t.theme_id)
ORDER BY list_position($theme_order::VARCHAR[], t.theme_id) NULLS LAST, t.theme_id;
