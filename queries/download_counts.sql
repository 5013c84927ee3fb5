-- Row counts of the Data page's downloads under the filters, in one query (the page shows them beside each
-- button and fetches the rows only on a click): one row with one column per download, each the number of rows
-- that query returns with no limit (commitments_table without search or state). Categories count as in
-- completion_by_* / jurisdiction_theme: the filtered commitments' values, only the selected ones when that
-- dimension is filtered; coverage always has its 7 fields.
WITH fc AS (
    SELECT ckey, n_milestones, jurisdiction_ids, theme_ids, sdgs FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
j AS (
    SELECT DISTINCT fcj.jurisdiction_id
    FROM (SELECT unnest(jurisdiction_ids) AS jurisdiction_id FROM fc) AS fcj
    JOIN jurisdictions AS jn ON jn.jurisdiction_id = fcj.jurisdiction_id
    WHERE $jurisdiction::VARCHAR[] IS NULL OR list_contains($jurisdiction::VARCHAR[], fcj.jurisdiction_id)
),
t AS (
    SELECT DISTINCT fct.theme_id
    FROM (SELECT unnest(theme_ids) AS theme_id FROM fc) AS fct
    JOIN themes AS tn ON tn.theme_id = fct.theme_id
    WHERE $theme::VARCHAR[] IS NULL OR list_contains($theme::VARCHAR[], fct.theme_id)
),
s AS (
    SELECT DISTINCT fcs.sdg
    FROM (SELECT unnest(sdgs) AS sdg FROM fc) AS fcs
    JOIN sdgs AS sn ON sn.sdg = fcs.sdg
    WHERE $sdg::INTEGER[] IS NULL OR list_contains($sdg::INTEGER[], fcs.sdg)
),
jt AS (
    SELECT DISTINCT pairs.jurisdiction_id, pairs.theme_id
    FROM (SELECT unnest(jurisdiction_ids) AS jurisdiction_id, theme_ids FROM fc) AS fj,
         (SELECT fj.jurisdiction_id, unnest(fj.theme_ids) AS theme_id) AS pairs
    WHERE pairs.jurisdiction_id IN (SELECT jurisdiction_id FROM j) AND pairs.theme_id IN (SELECT theme_id FROM t)
)
SELECT
    (SELECT count(*) FROM fc) AS commitments_table,
    (SELECT coalesce(sum(n_milestones), 0) FROM fc)::BIGINT AS milestone_slippage,
    (SELECT count(*) FROM fc) AS commitment_slippage,
    (SELECT count(*) FROM j) AS completion_by_jurisdiction,
    (SELECT count(*) FROM t) AS completion_by_theme,
    (SELECT count(*) FROM s) AS completion_by_sdg,
    (SELECT count(*) FROM jt) AS jurisdiction_theme,
    7 AS coverage;
