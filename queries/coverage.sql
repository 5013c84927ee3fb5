-- How much of the filtered commitments' data is reported: one row per field (share = reported / total).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
flags AS (
    SELECT
        count(*) AS total,
        count(fc.rating) AS rating,
        count(*) FILTER (WHERE fc.planned_start IS NOT NULL AND fc.planned_end IS NOT NULL) AS planned_dates,
        count(*) FILTER (WHERE len(fc.theme_ids) > 0) AS theme,
        count(*) FILTER (WHERE len(fc.sdgs) > 0) AS sdg,
        count(*) FILTER (WHERE fc.has_lead_agency) AS lead_agency,
        count(*) FILTER (WHERE fc.has_title_ka) AS title_ka,
        count(*) FILTER (WHERE fc.n_milestones > 0) AS milestones
    FROM fc
),
rows AS (
    SELECT 1 AS ord, 'rating' AS field, rating AS reported, total FROM flags
    UNION ALL SELECT 2, 'planned_dates', planned_dates, total FROM flags
    UNION ALL SELECT 3, 'theme', theme, total FROM flags
    UNION ALL SELECT 4, 'sdg', sdg, total FROM flags
    UNION ALL SELECT 5, 'lead_agency', lead_agency, total FROM flags
    UNION ALL SELECT 6, 'title_ka', title_ka, total FROM flags
    UNION ALL SELECT 7, 'milestones', milestones, total FROM flags
)
SELECT field, reported, total, reported / nullif(total, 0) AS share
FROM rows
ORDER BY ord;
