-- A new version of a ledger at the same path replaces every previous version's lines:
-- new bytes, or the same bytes read under a changed override or synonyms.
-- Input: ledger_file (one row: source_file, file_sha256, ...).
DELETE FROM core.fct_payment p
USING ledger_file f
WHERE p.source_file = f.source_file;

DELETE FROM audit.rejected_rows r
USING ledger_file f
WHERE r.source_file = f.source_file;

DELETE FROM audit.set_aside_lines s
USING ledger_file f
WHERE s.source_file = f.source_file;

-- A retried version (it failed before) leaves only its newest audit row.
DELETE FROM audit.ingest_files a
USING ledger_file f
WHERE a.source_file = f.source_file AND a.file_sha256 = f.file_sha256 AND a.status = 'failed';

UPDATE audit.ingest_files a
SET status = 'superseded'
FROM ledger_file f
WHERE a.source_file = f.source_file
  AND a.kind = 'ledger'
  AND a.status <> 'superseded';
