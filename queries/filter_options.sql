-- Every accepted value of each filter (dimension: plan, level, jurisdiction, theme, sdg, rating, period), with its
-- labels where the data holds them (NULL for level codes and not_reported: pages label those from the catalog) and
-- a display order (sort, 1-based within the dimension). Codes are text (sdg '16').
WITH options AS (
    SELECT 'plan' AS dimension, plan_id AS code, name_en AS label_en, name_ka AS label_ka,
           row_number() OVER (ORDER BY "start" DESC NULLS LAST, plan_id) AS sort
    FROM action_plans
    UNION ALL
    SELECT 'level', level, NULL, NULL,
           row_number() OVER (ORDER BY list_position(['national', 'municipal', 'ogp_local'], level) NULLS LAST, level)
    FROM (SELECT DISTINCT level FROM commitments)
    UNION ALL
    SELECT 'jurisdiction', jurisdiction_id, name_en, name_ka,
           row_number() OVER (ORDER BY list_position(['country', 'city', 'municipality'], kind) NULLS LAST,
                              name_en, jurisdiction_id)
    FROM jurisdictions
    UNION ALL
    SELECT 'theme', theme_id, label_en, label_ka,
           row_number() OVER (ORDER BY list_position($theme_order::VARCHAR[], theme_id) NULLS LAST,
                              theme_id)
    FROM themes
    UNION ALL
    SELECT 'sdg', sdg::VARCHAR, label_en, label_ka, row_number() OVER (ORDER BY sdg)
    FROM sdgs
    UNION ALL
    SELECT 'rating', r.code, v.label_en, v.label_ka, r.sort
    FROM (VALUES ('fully_implemented', 1), ('mostly_implemented', 2), ('partially_implemented', 3),
                 ('not_implemented', 4), ('not_reported', 5)) AS r(code, sort)
    LEFT JOIN vocab AS v ON v.kind = 'rating' AND v.code = r.code
    UNION ALL
    SELECT 'period', period_id, label_en, label_ka, row_number() OVER (ORDER BY as_of DESC, period_id DESC)
    FROM periods
)
SELECT dimension, code, label_en, label_ka, sort::BIGINT AS sort
FROM options
ORDER BY list_position(['plan', 'level', 'jurisdiction', 'theme', 'sdg', 'rating', 'period'], dimension), sort;
