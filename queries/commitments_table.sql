-- One row per filtered commitment: what the Commitments page lists (and downloads).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
juris AS (
    SELECT
        cj.commitment_id,
        string_agg(j.name_en, ', ' ORDER BY j.name_en) AS jurisdictions_en,
        string_agg(j.name_ka, ', ' ORDER BY j.name_ka) AS jurisdictions_ka
    FROM commitment_jurisdictions AS cj
    JOIN jurisdictions AS j ON j.jurisdiction_id = cj.jurisdiction_id
    GROUP BY cj.commitment_id
)
SELECT
    fc.commitment_id, fc.number, fc.plan_id, ap.name_en AS plan_name_en, ap.name_ka AS plan_name_ka, fc.level,
    fc.title_en, fc.title_ka, juris.jurisdictions_en, juris.jurisdictions_ka, fc.lead_agency_en, fc.lead_agency_ka,
    fc.planned_start, fc.planned_end, fc.state, fc.rating,
    coalesce(cm.milestones, 0) AS milestones, coalesce(cm.milestones_done, 0) AS milestones_done,
    fc.source_url_en, fc.source_url_ka
FROM fc
LEFT JOIN action_plans AS ap ON ap.plan_id = fc.plan_id
LEFT JOIN juris ON juris.commitment_id = fc.commitment_id
LEFT JOIN commitment_milestones($period::VARCHAR, $as_of::DATE) AS cm ON cm.commitment_id = fc.commitment_id
ORDER BY fc.plan_id, number_order(fc.number) NULLS LAST, fc.commitment_id;
