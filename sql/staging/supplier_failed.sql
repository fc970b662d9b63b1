-- Record a supplier file that could not be read or loaded. Its previous version, if any,
-- stays loaded: an unreadable new version does not remove what was good.
-- Input: supplier_file (one row: source_file, file_sha256, kind, message, ingested_at).
DELETE FROM audit.ingest_files a
USING supplier_file f
WHERE a.source_file = f.source_file AND a.kind = f.kind AND a.file_sha256 = f.file_sha256 AND a.status = 'failed';

INSERT INTO audit.ingest_files (
    source_file, file_sha256, kind, mapping, status, message,
    rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded, ingested_at
)
SELECT f.source_file, f.file_sha256, f.kind, NULL, 'failed', f.message, 0, 0, 0, 0, 0, f.ingested_at
FROM supplier_file f;
