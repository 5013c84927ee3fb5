-- Reported progress of the commitments in $commitment over all periods (oldest first); NULL $commitment = all.
-- milestones_reported / milestones_done count the commitment's milestones with a row / done in that period
-- (precomputed: derived.commitment_period_milestones). $limit / $offset (extra parameters; NULL limit = all) page
-- the rows; total_rows is the number of rows before paging.
WITH page AS (
    SELECT cp.rowid AS prow, f.ckey, cp.commitment_id, cp.period_id, pe.as_of, count(*) OVER () AS total_rows
    FROM commitment_progress AS cp
    JOIN periods AS pe ON pe.period_id = cp.period_id
    JOIN derived.commitment_facts AS f ON f.commitment_id = cp.commitment_id
    WHERE $commitment::VARCHAR[] IS NULL OR list_contains($commitment::VARCHAR[], cp.commitment_id)
    ORDER BY cp.commitment_id, pe.as_of, cp.period_id
    LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
)
SELECT
    p.commitment_id, p.period_id, pe.label_en, pe.label_ka, p.as_of, cp.state, cp.rating,
    rating_score(cp.rating) AS score, cp.narrative_en, cp.narrative_ka, cp.source_url,
    coalesce(m.milestones_reported, 0) AS milestones_reported, coalesce(m.milestones_done, 0) AS milestones_done,
    p.total_rows
FROM page AS p
JOIN commitment_progress AS cp ON cp.rowid = p.prow
JOIN periods AS pe ON pe.period_id = p.period_id
LEFT JOIN derived.commitment_period_milestones AS m ON m.ckey = p.ckey AND m.period_id = p.period_id
ORDER BY p.commitment_id, p.as_of, p.period_id;
