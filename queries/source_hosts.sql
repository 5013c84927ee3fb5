-- Sources of the filtered commitments (Data & methodology page): one row per host of their source URLs
-- (http(s) only, "www." dropped) with the commitments citing it, most cited first, and on every row the totals:
-- with_source (commitments with at least one http(s) source URL), urls (distinct URLs), total (commitments).
WITH fc AS (
    SELECT * FROM filtered_commitments(
        $plan::VARCHAR[], $level::VARCHAR[], $jurisdiction::VARCHAR[], $theme::VARCHAR[], $sdg::INTEGER[],
        $rating::VARCHAR[], $period::VARCHAR, $as_of::DATE, $commitment::VARCHAR[])
),
u AS (
    SELECT fc.ckey, trim(t.url) AS url
    FROM fc
    JOIN commitments AS c ON c.rowid = fc.crow
    CROSS JOIN unnest([c.source_url_en, c.source_url_ka]) AS t(url)
    WHERE regexp_full_match(trim(t.url), 'https?://[^\s/?#<>"''`()\[\]{}|\\^]+[^\s<>"''`()\[\]{}|\\^]*')
),
h AS (
    SELECT regexp_replace(lower(regexp_extract(url, '^https?://([^/?#:@]+)', 1)), '^www\.', '') AS host,
           count(DISTINCT ckey) AS commitments
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
