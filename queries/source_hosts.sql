-- Sources of the filtered commitments (Data & methodology page): one row per host of their source URLs
-- (http(s) only, "www." dropped) with the commitments citing it, most cited first, and on every row the totals:
-- with_source (commitments with at least one http(s) source URL), urls (distinct URLs), total (commitments).
-- The URLs and their hosts are extracted once at load (derived.source_url, _derived_sources.sql).
WITH fc AS (
    SELECT ckey, crow FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
u AS (
    SELECT fc.ckey, s.url, s.host
    FROM fc
    JOIN derived.source_url AS s ON s.crow = fc.crow
),
h AS (
    SELECT host, count(DISTINCT ckey) AS commitments
    FROM u
    GROUP BY ALL
)
SELECT
    h.host, h.commitments,
    (SELECT count(DISTINCT ckey) FROM u) AS with_source,
    (SELECT count(DISTINCT url) FROM u) AS urls,
    (SELECT count(*) FROM fc) AS total
FROM (SELECT 1) AS one
LEFT JOIN h ON true
ORDER BY h.commitments DESC NULLS LAST, h.host;
