-- The commitment page: the milestones of the commitments in $commitment (other filters do not apply) with their
-- indicator, lead agency, partner and source, and their reported progress in every period (one row per milestone
-- and period; a milestone without any progress row appears once with a NULL period). Planned/actual dates and
-- slippage: milestone_slippage.
SELECT
    m.milestone_id, m.commitment_id, m.number, m.title_en, m.title_ka, m.indicator_en, m.indicator_ka,
    m.lead_agency_en, m.lead_agency_ka, m.partner_en, m.partner_ka, m.actual_start_precision,
    m.actual_end_precision, m.source_url,
    mp.period_id, pe.label_en AS period_label_en, pe.label_ka AS period_label_ka, pe.as_of AS period_as_of,
    mp.state, mp.rating, mp.outcome_en, mp.outcome_ka, mp.source_url AS progress_source_url
FROM milestones AS m
LEFT JOIN milestone_progress AS mp ON mp.milestone_id = m.milestone_id
LEFT JOIN periods AS pe ON pe.period_id = mp.period_id
WHERE list_contains($commitment::VARCHAR[], m.commitment_id)
ORDER BY m.commitment_id, number_order(m.number) NULLS LAST, m.milestone_id, pe.as_of NULLS FIRST, mp.period_id;
