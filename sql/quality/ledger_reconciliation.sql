-- Every line of every current ledger file version is accounted for, and what was loaded is what
-- core.fct_payment holds, to the line and to the penny (compared in DECIMAL). One row per file
-- version, with `reconciles`; for the versions in $files (NULL = every current version).
WITH files AS (
    SELECT source_file, file_sha256, rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded
    FROM audit.ingest_files
    WHERE kind = 'ledger' AND status = 'loaded'
      AND (CAST($files AS VARCHAR[]) IS NULL OR list_contains(CAST($files AS VARCHAR[]), file_sha256))
),
payments AS (
    SELECT file_sha256, source_file, count(*) AS payments, sum(amount) AS payments_amount
    FROM core.fct_payment
    WHERE file_sha256 IN (SELECT file_sha256 FROM files)
    GROUP BY ALL
),
rejected AS (
    SELECT file_sha256, source_file, count(*) AS rejected
    FROM audit.rejected_rows
    WHERE file_sha256 IN (SELECT file_sha256 FROM files)
    GROUP BY ALL
)
SELECT
    f.source_file,
    f.rows_read,
    f.rows_loaded,
    f.rows_rejected,
    f.rows_duplicate,
    coalesce(p.payments, 0) AS payments_in_warehouse,
    coalesce(r.rejected, 0) AS rejected_in_audit,
    CAST(f.amount_loaded AS VARCHAR) AS amount_loaded,
    CAST(coalesce(p.payments_amount, 0) AS VARCHAR) AS amount_in_warehouse,
    f.rows_read = f.rows_loaded + f.rows_rejected + f.rows_duplicate
        AND f.rows_loaded = coalesce(p.payments, 0)
        AND f.rows_rejected = coalesce(r.rejected, 0)
        AND f.amount_loaded = coalesce(p.payments_amount, 0) AS reconciles
FROM files AS f
LEFT JOIN payments AS p ON p.file_sha256 = f.file_sha256 AND p.source_file = f.source_file
LEFT JOIN rejected AS r ON r.file_sha256 = f.file_sha256 AND r.source_file = f.source_file
ORDER BY f.source_file
