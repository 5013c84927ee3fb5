-- One row per filtered commitment in display order: what the Commitments page lists (and downloads).
-- Extra parameters: $search (list of lower-case words: every word must occur in the id, number or title in either
-- language), $state (progress states, 'not_reported' = none), $limit / $offset (NULL limit = all). total_rows is
-- the number of rows before paging. Text columns are read for the returned rows only (unless searching).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
    WHERE $state::VARCHAR[] IS NULL OR list_contains($state::VARCHAR[], coalesce(state, 'not_reported'))
),
matched AS NOT MATERIALIZED (
    SELECT fc.* FROM fc WHERE $search::VARCHAR[] IS NULL
    UNION ALL
    SELECT fc.*
    FROM fc
    JOIN commitments AS c ON c.rowid = fc.crow
    WHERE $search::VARCHAR[] IS NOT NULL
      AND list_bool_and([contains(lower(concat_ws(' ', c.commitment_id, c.number, c.title_en, c.title_ka)), w)
                         FOR w IN $search::VARCHAR[]])
),
page AS (
    SELECT *
    FROM matched
    ORDER BY ckey
    LIMIT $limit::BIGINT OFFSET coalesce($offset::BIGINT, 0)
)
SELECT
    p.commitment_id, p.number, p.plan_id, ap.name_en AS plan_name_en, ap.name_ka AS plan_name_ka, p.level,
    c.title_en, c.title_ka, p.jurisdictions_en, p.jurisdictions_ka, c.lead_agency_en, c.lead_agency_ka,
    p.planned_start, p.planned_end, p.state, p.rating, p.n_milestones AS milestones, p.milestones_done,
    c.source_url_en, c.source_url_ka, (SELECT count(*) FROM matched) AS total_rows
FROM page AS p
JOIN commitments AS c ON c.rowid = p.crow
LEFT JOIN action_plans AS ap ON ap.plan_id = p.plan_id
ORDER BY p.ckey;
