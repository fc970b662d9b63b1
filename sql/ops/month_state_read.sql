-- The stored state of every month whose KPI rows are built.
SELECT month, payments, content_hash, model_hash FROM audit.kpi_month_state
