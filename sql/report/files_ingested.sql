-- Source files by kind and status, with their line counts.
SELECT
    kind,
    status,
    count(*) AS file_count,
    sum(rows_read) AS rows_read,
    sum(rows_loaded) AS rows_loaded,
    sum(rows_rejected) AS rows_rejected,
    sum(rows_duplicate) AS rows_duplicate,
    sum(amount_loaded) AS amount_loaded
FROM audit.ingest_files
GROUP BY kind, status
ORDER BY kind, status;
