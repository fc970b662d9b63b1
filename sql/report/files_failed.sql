-- Files that did not load, with the message that says why.
SELECT source_file, kind, message
FROM audit.ingest_files
WHERE status = 'failed'
ORDER BY source_file, file_sha256;
