-- Every month's stored state now matches its inputs: what they are becomes the basis the next
-- run compares with (ops/month_candidates left month_versions_now and month_suppliers_now).
DELETE FROM staging.kpi_month_versions;
INSERT INTO staging.kpi_month_versions BY NAME SELECT * FROM month_versions_now;
DELETE FROM staging.kpi_month_suppliers;
INSERT INTO staging.kpi_month_suppliers BY NAME SELECT * FROM month_suppliers_now;
DELETE FROM staging.kpi_month_supplier_build;
INSERT INTO staging.kpi_month_supplier_build SELECT max(fingerprint) FROM staging.supplier_build_state;
