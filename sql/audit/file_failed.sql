-- Record a source file (any kind) that could not be read or loaded. Its previous version, if
-- any, stays loaded: an unreadable new version does not remove what was good. A repeat of the
-- same failure changes nothing; a new message for the same bytes replaces the old one.
-- Input: lifecycle_file (one row).
DELETE FROM audit.ingest_files a
USING lifecycle_file f
WHERE a.source_file = f.source_file AND a.kind = f.kind AND a.file_sha256 = f.file_sha256
  AND a.status = 'failed' AND a.message IS DISTINCT FROM f.message;

INSERT INTO audit.ingest_files (
    source_file, file_sha256, kind, mapping, status, message,
    rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded, ingested_at, config_sha256
)
SELECT f.source_file, f.file_sha256, f.kind, f.mapping, 'failed', f.message, 0, 0, 0, 0, 0, f.ingested_at, f.config_sha256
FROM lifecycle_file f
WHERE NOT EXISTS (
    SELECT 1 FROM audit.ingest_files a
    WHERE a.source_file = f.source_file AND a.kind = f.kind AND a.file_sha256 = f.file_sha256 AND a.status = 'failed'
);
