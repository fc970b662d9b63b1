-- Files that did not load, with the message that says why; quoted values (cells that may
-- name a payee) are masked by report_mask_quoted (pipelines.parse.mask_quoted, registered by
-- pipelines.report.data while the report reads).
SELECT source_file, kind, report_mask_quoted(message) AS message
FROM audit.ingest_files
WHERE status = 'failed'
ORDER BY source_file, file_sha256;
