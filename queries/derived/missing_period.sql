-- The key of reporting period $period when the per-period tables of queries/_derived.sql do not hold it yet
-- (no row when they do, or when there is no such period).
SELECT pkey
FROM derived.period_list
WHERE period_id = $period::VARCHAR
  AND pkey NOT IN (SELECT pkey FROM derived.period_ready);
