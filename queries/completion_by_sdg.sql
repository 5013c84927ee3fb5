-- Completion per SDG: a commitment counts in each of its SDGs. With an SDG filter only the selected SDGs are
-- listed. The figures: completion_by / completion_figures (_macros.sql).
SELECT s.sdg, s.label_en, s.label_ka, s.colour, cc.* EXCLUDE (code)
FROM completion_by(sdgs,
    $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
    $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[]) AS cc
JOIN sdgs AS s ON s.sdg = cc.code
WHERE $sdg::INTEGER[] IS NULL OR list_contains($sdg::INTEGER[], s.sdg)
ORDER BY s.sdg;
