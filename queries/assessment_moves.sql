-- Status over time: each step between two consecutive scored assessments of a filtered commitment (the rows of
-- assessment_history with a score, in its order): from_* / to_* the two assessments, move = up | same | down on
-- the common score (portal rating score; IRM completion through the dashboard's crosswalk). Assessments without a
-- score (nd / nr / na, Withdrawn, Unclear, not reported) are skipped, not counted as a move.
WITH fc AS (
    SELECT commitment_id, ckey FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
scored AS (
    SELECT cp.commitment_id, 'portal' AS source, year(pe.as_of) AS year, 0 AS source_order, cp.period_id,
           cp.rating AS value, rating_score(cp.rating) AS score
    FROM commitment_progress AS cp
    JOIN periods AS pe ON pe.period_id = cp.period_id
    WHERE rating_score(cp.rating) IS NOT NULL
    UNION ALL
    SELECT commitment_id, 'irm_' || report, publication_year, CASE report WHEN 'progress' THEN 1 ELSE 2 END, NULL,
           completion, irm_completion_score(completion)
    FROM irm_assessments
    WHERE irm_completion_score(completion) IS NOT NULL
),
kept AS (
    SELECT s.*, fc.ckey FROM scored AS s JOIN fc ON fc.commitment_id = s.commitment_id
    WHERE $source::VARCHAR[] IS NULL
       OR list_contains($source::VARCHAR[], CASE WHEN s.source = 'portal' THEN 'portal' ELSE 'irm' END)
),
steps AS (
    SELECT commitment_id, ckey,
           lag(source) OVER w AS from_source, lag(year) OVER w AS from_year, lag(value) OVER w AS from_value,
           lag(score) OVER w AS from_score,
           source AS to_source, year AS to_year, value AS to_value, score AS to_score
    FROM kept
    WINDOW w AS (PARTITION BY commitment_id ORDER BY year NULLS LAST, source_order, period_id)
)
SELECT commitment_id, from_source, from_year, from_value, to_source, to_year, to_value,
       CASE WHEN to_score > from_score THEN 'up' WHEN to_score < from_score THEN 'down' ELSE 'same' END AS move
FROM steps
WHERE from_source IS NOT NULL
ORDER BY ckey, to_year NULLS LAST, to_source;
