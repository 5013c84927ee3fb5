-- Every assessment of the filtered commitments, one row each, oldest first: the portal's rating in each reported
-- period (the government's monitoring) and the IRM's mid-term and end-of-term completion (independent).
-- source: portal | irm_progress | irm_end_of_term; scale: portal_rating | irm_completion; value: the code on that
-- scale (IRM: nd / nr / na kept); score: rating_score / irm_completion_score, NULL where the scale defines none.
-- year orders the rows (portal: the year of the period's as_of; IRM: the report's publication year, NULL when the
-- sheet gives none); as_of is known for the portal only. $source (NULL = both) keeps 'portal' and/or 'irm' rows.
WITH fc AS (
    SELECT commitment_id, ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
rows AS (
    SELECT cp.commitment_id, 'portal' AS source, 'portal_rating' AS scale, pe.period_id, year(pe.as_of) AS year,
           pe.as_of, cp.rating AS value, rating_score(cp.rating) AS score, cp.source_url, 0 AS source_order
    FROM commitment_progress AS cp
    JOIN periods AS pe ON pe.period_id = cp.period_id
    UNION ALL
    SELECT ia.commitment_id, 'irm_' || ia.report, 'irm_completion', NULL, ia.publication_year, NULL,
           ia.completion, irm_completion_score(ia.completion), ia.source_url,
           CASE ia.report WHEN 'progress' THEN 1 ELSE 2 END
    FROM irm_assessments AS ia
)
SELECT r.commitment_id, c.title_en, c.title_ka, r.source, r.scale, r.period_id, r.year, r.as_of, r.value, r.score,
       r.source_url
FROM rows AS r
JOIN fc ON fc.commitment_id = r.commitment_id
JOIN commitments AS c ON c.commitment_id = r.commitment_id
WHERE $source::VARCHAR[] IS NULL OR list_contains($source::VARCHAR[], CASE WHEN r.source = 'portal' THEN 'portal' ELSE 'irm' END)
ORDER BY fc.ckey, r.year NULLS LAST, r.source_order, r.period_id;
