-- Record a ledger file that could not be read at all. Its previous version, if any,
-- stays loaded: an unreadable new version does not remove what was good.
-- Input: ledger_file (one row).
DELETE FROM audit.ingest_files a
USING ledger_file f
WHERE a.source_file = f.source_file AND a.file_sha256 = f.file_sha256 AND a.status = 'failed';

INSERT INTO audit.ingest_files (
    source_file, file_sha256, kind, mapping, status, message,
    rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded, ingested_at
)
SELECT f.source_file, f.file_sha256, 'ledger', f.mapping, 'failed', f.message, 0, 0, 0, 0, 0, f.ingested_at
FROM ledger_file f;
