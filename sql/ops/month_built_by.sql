-- The months whose KPI rows run $run_id rebuilt (and that hold payments).
SELECT month FROM audit.kpi_month_state WHERE run_id = $run_id ORDER BY month
