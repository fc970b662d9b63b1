-- File versions that a published run loaded: (source_file, file_sha256).
SELECT DISTINCT source_file, file_sha256
FROM audit.ingest_files
WHERE status = 'loaded'
