-- What the loaded audit row of one ledger file version says: its line counts, amount and the
-- mapping it was read with. Parameters: source_file, file_sha256.
SELECT rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded, mapping
FROM audit.ingest_files
WHERE source_file = ? AND file_sha256 = ? AND status = 'loaded'
