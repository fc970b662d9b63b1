-- The lines read from a source file's newest version (0 rows if it has none yet): the ingest's
-- progress log. Parameter: source_file.
SELECT rows_read
FROM audit.ingest_files
WHERE source_file = ? AND status <> 'superseded'
ORDER BY ingested_at DESC
LIMIT 1
