-- The commitment page: one row per commitment in $commitment (other filters do not apply), with its plan,
-- jurisdictions, themes, SDGs and its progress in the selected period. Its milestones: milestone_slippage.
WITH sp AS (
    SELECT * FROM selected_period($period::VARCHAR, $as_of::DATE)
),
juris AS (
    SELECT
        cj.commitment_id,
        string_agg(j.jurisdiction_id, ',' ORDER BY j.name_en) AS jurisdiction_ids,
        string_agg(j.name_en, ', ' ORDER BY j.name_en) AS jurisdictions_en,
        string_agg(j.name_ka, ', ' ORDER BY j.name_en) AS jurisdictions_ka
    FROM commitment_jurisdictions AS cj
    JOIN jurisdictions AS j ON j.jurisdiction_id = cj.jurisdiction_id
    WHERE list_contains($commitment::VARCHAR[], cj.commitment_id)
    GROUP BY cj.commitment_id
),
thm AS (
    SELECT
        ct.commitment_id,
        string_agg(t.theme_id, ',' ORDER BY t.theme_id) AS theme_ids,
        string_agg(t.label_en, ', ' ORDER BY t.theme_id) AS themes_en,
        string_agg(t.label_ka, ', ' ORDER BY t.theme_id) AS themes_ka
    FROM commitment_themes AS ct
    JOIN themes AS t ON t.theme_id = ct.theme_id
    WHERE list_contains($commitment::VARCHAR[], ct.commitment_id)
    GROUP BY ct.commitment_id
),
sdg AS (
    SELECT commitment_id, string_agg(sdg::VARCHAR, ',' ORDER BY sdg) AS sdgs
    FROM commitment_sdgs
    WHERE list_contains($commitment::VARCHAR[], commitment_id)
    GROUP BY commitment_id
),
ms AS (
    SELECT commitment_id, n_milestones AS milestones, milestones_done
    FROM commitment_state_at($period::VARCHAR, $as_of::DATE)
    WHERE list_contains($commitment::VARCHAR[], commitment_id)
)
SELECT
    c.commitment_id, c.plan_id, ap.name_en AS plan_name_en, ap.name_ka AS plan_name_ka, ap.level AS plan_level,
    c.level, c.number, c.ogp_id, c.title_en, c.title_ka, c.description_en, c.description_ka,
    c.outcome_en, c.outcome_ka, c.lead_agency_en, c.lead_agency_ka, c.planned_start, c.planned_end,
    c.source_url_en, c.source_url_ka, c.notes,
    juris.jurisdiction_ids, juris.jurisdictions_en, juris.jurisdictions_ka,
    thm.theme_ids, thm.themes_en, thm.themes_ka, sdg.sdgs,
    sp.period_id, sp.as_of, cp.state, cp.rating, rating_score(cp.rating) AS score,
    cp.narrative_en, cp.narrative_ka, cp.source_url AS progress_source_url,
    coalesce(ms.milestones, 0) AS milestones, coalesce(ms.milestones_done, 0) AS milestones_done
FROM commitments AS c
CROSS JOIN sp
LEFT JOIN action_plans AS ap ON ap.plan_id = c.plan_id
LEFT JOIN commitment_progress AS cp ON cp.commitment_id = c.commitment_id AND cp.period_id = sp.period_id
LEFT JOIN juris ON juris.commitment_id = c.commitment_id
LEFT JOIN thm ON thm.commitment_id = c.commitment_id
LEFT JOIN sdg ON sdg.commitment_id = c.commitment_id
LEFT JOIN ms ON ms.commitment_id = c.commitment_id
WHERE list_contains($commitment::VARCHAR[], c.commitment_id)
ORDER BY c.commitment_id;
