-- The map's figures per jurisdiction (Municipalities page): every jurisdiction (those without a commitment under
-- the filters with zeros), its unit of the boundary file (shape_id, NULL for the country) and the filtered
-- commitments' figures. A joint commitment counts in each of its jurisdictions. With a jurisdiction filter only the
-- selected jurisdictions are listed. coverage = rated / commitments (NULL without commitments); milestones_overdue
-- = milestones not done with the planned end on or before the period's as_of (derived.commitment_state).
-- irm_assessed / irm_score: the commitments with an IRM completion the crosswalk scores (the end-of-term report's,
-- else the mid-term's; _macros.sql irm_completion_score) and the mean of those scores.
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
irm AS (
    SELECT commitment_id,
           coalesce(any_value(irm_completion_score(completion)) FILTER (WHERE report = 'end_of_term'),
                    any_value(irm_completion_score(completion)) FILTER (WHERE report = 'progress')) AS irm_score
    FROM irm_assessments
    GROUP BY commitment_id
),
per AS (
    SELECT
        code,
        unnest(completion_figures(rating, score, n_milestones, milestones_done)),  -- _macros.sql
        coalesce(sum(milestones_overdue), 0)::BIGINT AS milestones_overdue,
        count(*) FILTER (WHERE overdue) AS commitments_overdue,
        count(irm.irm_score) AS irm_assessed,
        avg(irm.irm_score) AS irm_score
    FROM (SELECT *, unnest(jurisdiction_ids) AS code FROM fc) AS f
    LEFT JOIN irm ON irm.commitment_id = f.commitment_id
    GROUP BY code
)
SELECT
    j.jurisdiction_id, j.name_en, j.name_ka, j.kind, j.shape_id,
    coalesce(p.commitments, 0)::BIGINT AS commitments,
    coalesce(p.rated, 0)::BIGINT AS rated,
    p.mean_score,
    p.rated / nullif(p.commitments, 0) AS coverage,
    coalesce(p.milestones, 0)::BIGINT AS milestones,
    coalesce(p.milestones_overdue, 0)::BIGINT AS milestones_overdue,
    coalesce(p.commitments_overdue, 0)::BIGINT AS commitments_overdue,
    coalesce(p.irm_assessed, 0)::BIGINT AS irm_assessed,
    p.irm_score
FROM jurisdictions AS j
LEFT JOIN per AS p ON p.code = j.jurisdiction_id
WHERE $jurisdiction::VARCHAR[] IS NULL OR list_contains($jurisdiction::VARCHAR[], j.jurisdiction_id)
ORDER BY j.name_en, j.jurisdiction_id;
