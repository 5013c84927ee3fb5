-- The filtered commitments that have both a portal rating (the selected period's) and a reported IRM completion
-- (the end-of-term report's, else the mid-term report's; nd / nr / na are not reported). The crosswalk (the
-- dashboard's own reading: fully -> Complete, mostly -> Substantial, partially -> Limited, not implemented -> Not
-- started) reads the portal rating as an IRM completion; agreement compares the two on that scale:
-- agree | portal_higher | irm_higher | not_comparable (IRM Withdrawn or Unclear).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
irm AS (
    SELECT commitment_id,
           arg_max(completion, CASE report WHEN 'end_of_term' THEN 2 ELSE 1 END) AS irm_completion,
           arg_max(report, CASE report WHEN 'end_of_term' THEN 2 ELSE 1 END) AS irm_report,
           arg_max(publication_year, CASE report WHEN 'end_of_term' THEN 2 ELSE 1 END) AS irm_year,
           arg_max(source_url, CASE report WHEN 'end_of_term' THEN 2 ELSE 1 END) AS irm_source_url
    FROM irm_assessments
    WHERE completion IS NOT NULL AND completion NOT IN ('nd', 'nr', 'na')
    GROUP BY commitment_id
)
SELECT fc.commitment_id, c.title_en, c.title_ka, fc.period_id, fc.rating AS portal_rating,
       cp.source_url AS portal_source_url, irm.irm_report, irm.irm_year, irm.irm_completion,
       irm.irm_source_url, rating_as_irm(fc.rating) AS crosswalk,
       fc.score AS portal_score, irm_completion_score(irm.irm_completion) AS irm_score,
       CASE
           WHEN irm_completion_score(irm.irm_completion) IS NULL THEN 'not_comparable'
           WHEN fc.score = irm_completion_score(irm.irm_completion) THEN 'agree'
           WHEN fc.score > irm_completion_score(irm.irm_completion) THEN 'portal_higher'
           ELSE 'irm_higher'
       END AS agreement
FROM fc
JOIN irm ON irm.commitment_id = fc.commitment_id
JOIN commitments AS c ON c.commitment_id = fc.commitment_id
LEFT JOIN commitment_progress AS cp ON cp.commitment_id = fc.commitment_id AND cp.period_id = fc.period_id
WHERE fc.rating IS NOT NULL
ORDER BY fc.ckey;
