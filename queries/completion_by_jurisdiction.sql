-- Completion per jurisdiction: a joint commitment counts in each of its jurisdictions. With a jurisdiction
-- filter only the selected jurisdictions are listed. The figures: completion_by / completion_figures (_macros.sql).
SELECT j.jurisdiction_id, j.name_en, j.name_ka, j.kind, cc.* EXCLUDE (code)
FROM completion_by(jurisdiction_ids,
    $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
    $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[]) AS cc
JOIN jurisdictions AS j ON j.jurisdiction_id = cc.code
WHERE $jurisdiction::VARCHAR[] IS NULL OR list_contains($jurisdiction::VARCHAR[], j.jurisdiction_id)
ORDER BY j.name_en, j.jurisdiction_id;
