-- The commitments' source URLs with their hosts, computed once at load (source_hosts reads them instead of running
-- three regular expressions over every URL of the filtered commitments on each run): every source URL (English and
-- Georgian, trimmed) that is a well-formed absolute http(s) URL, with its host in lower case and without "www.".
-- crow is the commitment's rowid in commitments. Kept apart from _derived.sql; queries/setup.toml lists it after
-- that file and before _macros.sql.
CREATE SCHEMA IF NOT EXISTS derived;

CREATE OR REPLACE TABLE derived.source_url AS
SELECT crow, url, regexp_replace(lower(regexp_extract(url, '^https?://([^/?#:@]+)', 1)), '^www\.', '') AS host
FROM (
    SELECT rowid AS crow, trim(source_url_en) AS url FROM commitments WHERE source_url_en IS NOT NULL
    UNION ALL
    SELECT rowid, trim(source_url_ka) FROM commitments WHERE source_url_ka IS NOT NULL
)
WHERE regexp_full_match(url, 'https?://[^\s/?#<>"''`()\[\]{}|\\^]+[^\s<>"''`()\[\]{}|\\^]*');
