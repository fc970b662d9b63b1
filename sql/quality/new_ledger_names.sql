-- Whether any of the ledger file names in $names has never been recorded in audit.ingest_files.
SELECT count(*) > 0
FROM unnest(CAST($names AS VARCHAR[])) AS n(source_file)
WHERE source_file NOT IN (SELECT source_file FROM audit.ingest_files WHERE kind = 'ledger')
