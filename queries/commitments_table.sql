-- One row per filtered commitment: what the Commitments page lists (and downloads).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
)
SELECT
    fc.commitment_id, fc.number, fc.plan_id, ap.name_en AS plan_name_en, ap.name_ka AS plan_name_ka, fc.level,
    fc.title_en, fc.title_ka, fc.jurisdictions_en, fc.jurisdictions_ka, fc.lead_agency_en, fc.lead_agency_ka,
    fc.planned_start, fc.planned_end, fc.state, fc.rating,
    coalesce(cm.milestones, 0) AS milestones, coalesce(cm.milestones_done, 0) AS milestones_done,
    fc.source_url_en, fc.source_url_ka
FROM fc
LEFT JOIN action_plans AS ap ON ap.plan_id = fc.plan_id
LEFT JOIN commitment_milestones($period::VARCHAR, $as_of::DATE) AS cm ON cm.ckey = fc.ckey
ORDER BY fc.ckey;
