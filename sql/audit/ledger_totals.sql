-- What the warehouse holds from the ledgers: current file versions, and every line's state.
SELECT
    count(*) AS files,
    count(*) FILTER (WHERE status = 'failed') AS failed,
    coalesce(sum(rows_loaded), 0) AS rows_loaded,
    coalesce(sum(rows_rejected), 0) AS rows_rejected,
    coalesce(sum(rows_duplicate), 0) AS rows_duplicate,
    (SELECT count(*) FROM core.fct_payment) AS payments,
    (SELECT coalesce(sum(amount), 0) FROM core.fct_payment) AS spend
FROM audit.ingest_files
WHERE kind = 'ledger' AND status NOT IN ('superseded', 'retracted')
