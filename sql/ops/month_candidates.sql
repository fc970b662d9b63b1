-- The months whose KPI inputs can have changed since the months' stored states were last all
-- verified (staging.kpi_month_*, ops/month_basis_tables): the months, then and now, of every
-- ledger version that is new, gone, or differs in its lines' count, months or audit row (a file
-- read again, even with the same bytes, has a new audit row: lines are only written with it);
-- the months of the payments of every supplier whose record hash differs, new or gone; and
-- every month when the supplier build's fingerprint differs (a full build relinks every
-- payment). Lines never change in place but supplier_key (linking), so nothing else can
-- change a month. Leaves month_versions_now (this state's versions) for ops/month_basis_record.
CREATE OR REPLACE TEMP TABLE month_versions_now AS
WITH by_month AS (
    -- Three columns of every line, no hashing: the one pass over history, and a cheap one.
    SELECT source_file, file_sha256, month, count(*) AS payments
    FROM core.fct_payment
    GROUP BY ALL
),
v AS (
    SELECT source_file, file_sha256, sum(payments)::BIGINT AS payments,
           sum(hash(month)::HUGEINT * payments) AS month_hash, list(month ORDER BY month) AS months
    FROM by_month
    GROUP BY ALL
),
loaded AS (
    SELECT source_file, file_sha256, max(ingested_at) AS loaded_at
    FROM audit.ingest_files
    WHERE kind = 'ledger'
    GROUP BY ALL
)
SELECT v.*, l.loaded_at
FROM v LEFT JOIN loaded l USING (source_file, file_sha256);

CREATE OR REPLACE TEMP TABLE month_suppliers_now AS
-- include ops/month_supplier_hashes
;

CREATE OR REPLACE TEMP TABLE month_candidates AS
WITH stale_versions AS (
    SELECT coalesce(n.months, []) || coalesce(r.months, []) AS months
    FROM month_versions_now n
    FULL JOIN staging.kpi_month_versions r USING (source_file, file_sha256)
    WHERE n.payments IS DISTINCT FROM r.payments
       OR n.month_hash IS DISTINCT FROM r.month_hash
       OR n.loaded_at IS DISTINCT FROM r.loaded_at
),
changed_suppliers AS (
    SELECT supplier_key
    FROM month_suppliers_now n
    FULL JOIN staging.kpi_month_suppliers r USING (supplier_key)
    WHERE n.supplier_hash IS DISTINCT FROM r.supplier_hash
),
relinked AS (
    SELECT 1
    WHERE (SELECT max(fingerprint) FROM staging.supplier_build_state)
          IS DISTINCT FROM (SELECT max(fingerprint) FROM staging.kpi_month_supplier_build)
)
SELECT DISTINCT month FROM (
    SELECT unnest(months) AS month FROM stale_versions
    UNION ALL
    SELECT p.month FROM core.fct_payment p SEMI JOIN changed_suppliers c ON p.supplier_key = c.supplier_key
    UNION ALL
    SELECT unnest(months) FROM month_versions_now WHERE EXISTS (SELECT 1 FROM relinked)
    UNION ALL
    SELECT unnest(months) FROM staging.kpi_month_versions WHERE EXISTS (SELECT 1 FROM relinked)
);

SELECT
    (SELECT list(month ORDER BY month) FROM month_candidates) AS candidates,
    (SELECT list(DISTINCT m ORDER BY m) FROM (SELECT unnest(months) AS m FROM month_versions_now)) AS months_now;
