-- Adds one reporting period ($pkey, its key in derived.period_list) to the per-period tables of queries/_derived.sql
-- (the load computes the latest period only). dashboard.metrics runs these statements in one transaction, under
-- a lock, the first time a query asks for a period not listed in derived.period_ready.
INSERT INTO derived.milestone_state FROM milestone_state_rows($pkey::INTEGER);
INSERT INTO derived.commitment_state FROM commitment_state_rows($pkey::INTEGER);
INSERT INTO derived.slip_month_counts FROM slip_month_count_rows($pkey::INTEGER);
INSERT INTO derived.slip_day_counts FROM slip_day_count_rows($pkey::INTEGER);
INSERT INTO derived.overdue_item FROM overdue_item_rows($pkey::INTEGER);
INSERT INTO derived.period_ready VALUES ($pkey::INTEGER);
