-- A new version of a ledger at the same path replaces the previous version's lines.
-- Input: ledger_file (one row: source_file, file_sha256, ...).
DELETE FROM core.fct_payment p
USING ledger_file f
WHERE p.source_file = f.source_file AND p.file_sha256 <> f.file_sha256;

DELETE FROM audit.rejected_rows r
USING ledger_file f
WHERE r.source_file = f.source_file AND r.file_sha256 <> f.file_sha256;

UPDATE audit.ingest_files a
SET status = 'superseded'
FROM ledger_file f
WHERE a.source_file = f.source_file
  AND a.file_sha256 <> f.file_sha256
  AND a.kind = 'ledger'
  AND a.status <> 'superseded';

-- A retried version (it failed before) leaves only its newest audit row.
DELETE FROM audit.ingest_files a
USING ledger_file f
WHERE a.source_file = f.source_file AND a.file_sha256 = f.file_sha256 AND a.status = 'failed';
