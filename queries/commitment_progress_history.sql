-- Reported progress of the commitments in $commitment over all periods (oldest first); NULL $commitment = all.
-- milestones_reported / milestones_done count the commitment's milestones with a row / done in that period.
WITH mp AS (
    SELECT
        m.commitment_id, p.period_id,
        count(*) AS milestones_reported,
        count(*) FILTER (WHERE p.state = 'completed' OR p.rating = 'fully_implemented') AS milestones_done
    FROM milestone_progress AS p
    JOIN milestones AS m ON m.milestone_id = p.milestone_id
    WHERE $commitment::VARCHAR[] IS NULL OR list_contains($commitment::VARCHAR[], m.commitment_id)
    GROUP BY ALL
)
SELECT
    cp.commitment_id, cp.period_id, pe.label_en, pe.label_ka, pe.as_of, cp.state, cp.rating,
    rating_score(cp.rating) AS score, cp.narrative_en, cp.narrative_ka, cp.source_url,
    coalesce(mp.milestones_reported, 0) AS milestones_reported, coalesce(mp.milestones_done, 0) AS milestones_done
FROM commitment_progress AS cp
JOIN periods AS pe ON pe.period_id = cp.period_id
LEFT JOIN mp ON mp.commitment_id = cp.commitment_id AND mp.period_id = cp.period_id
WHERE $commitment::VARCHAR[] IS NULL OR list_contains($commitment::VARCHAR[], cp.commitment_id)
ORDER BY cp.commitment_id, pe.as_of, cp.period_id;
