-- The IRM's assessments of the filtered commitments, one row per commitment the IRM assessed: completion in each
-- report (nd / nr / na kept), "did it open government" (end of term), the design assessment (progress report) and
-- the stars. An empty value: the report does not carry that field.
WITH fc AS (
    SELECT commitment_id, ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    ia.commitment_id, c.title_en, c.title_ka, any_value(ia.ogp_id) AS ogp_id,
    any_value(ia.completion) FILTER (WHERE ia.report = 'progress') AS progress_completion,
    any_value(ia.publication_year) FILTER (WHERE ia.report = 'progress') AS progress_year,
    any_value(ia.completion) FILTER (WHERE ia.report = 'end_of_term') AS end_of_term_completion,
    any_value(ia.publication_year) FILTER (WHERE ia.report = 'end_of_term') AS end_of_term_year,
    any_value(ia.open_government) FILTER (WHERE ia.report = 'end_of_term') AS open_government,
    any_value(ia.potential_impact) FILTER (WHERE ia.report = 'progress') AS potential_impact,
    any_value(ia.starred) FILTER (WHERE ia.report = 'progress') AS starred_progress,
    any_value(ia.starred) FILTER (WHERE ia.report = 'end_of_term') AS starred_end_of_term,
    coalesce(bool_or(ia.starred = 'yes'), false) AS starred,
    any_value(ia.source_url) AS source_url
FROM irm_assessments AS ia
JOIN fc ON fc.commitment_id = ia.commitment_id
JOIN commitments AS c ON c.commitment_id = ia.commitment_id
GROUP BY ia.commitment_id, c.title_en, c.title_ka, fc.ckey
ORDER BY fc.ckey;
