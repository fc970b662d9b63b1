-- When the newest loaded file was ingested: the report's "data as of" date.
SELECT max(ingested_at) AS data_as_of
FROM audit.ingest_files
WHERE status = 'loaded';
