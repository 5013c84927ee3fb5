-- Reporting periods, latest first (the first row is the default period).
SELECT period_id, label_en, label_ka, as_of
FROM periods
ORDER BY as_of DESC, period_id DESC;
