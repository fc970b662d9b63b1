-- The kind of a source file whose current version is loaded or failed (the newest first), for
-- retracting it by name. Parameter: source_file.
SELECT kind
FROM audit.ingest_files
WHERE source_file = ? AND status IN ('loaded', 'failed')
ORDER BY ingested_at DESC
