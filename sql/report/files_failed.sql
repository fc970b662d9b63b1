-- Files that did not load, with the message that says why; quoted values (cells that may
-- name a payee) are masked.
SELECT source_file, kind, audit.mask_quoted(message) AS message
FROM audit.ingest_files
WHERE status = 'failed'
ORDER BY source_file, file_sha256;
