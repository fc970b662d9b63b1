-- Source files whose current version could not be read, with the message that says why.
SELECT source_file, message
FROM audit.ingest_files
WHERE status = 'failed'
ORDER BY source_file
