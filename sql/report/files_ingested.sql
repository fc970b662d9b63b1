-- Source files by kind and status, with their line counts. Amounts are a ledger's payments;
-- other kinds of file carry no payments, so their amount is left empty.
SELECT
    kind,
    status,
    count(*) AS file_count,
    sum(rows_read) AS rows_read,
    sum(rows_loaded) AS rows_loaded,
    sum(rows_rejected) AS rows_rejected,
    sum(rows_duplicate) AS rows_duplicate,
    sum(amount_loaded) FILTER (WHERE kind = 'ledger') AS amount_loaded
FROM audit.ingest_files
GROUP BY kind, status
ORDER BY kind, status;
