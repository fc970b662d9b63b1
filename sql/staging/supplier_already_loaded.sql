-- Is this version (path, kind and sha256) of a supplier file already loaded? Then it is not re-read.
-- Parameters: $source_file, $kind, $file_sha256.
SELECT count(*)
FROM audit.ingest_files
WHERE source_file = $source_file AND kind = $kind AND file_sha256 = $file_sha256 AND status = 'loaded'
