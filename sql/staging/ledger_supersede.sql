-- A new version of a ledger at the same path replaces every previous version's lines:
-- new bytes, or the same bytes read under a changed override or synonyms.
-- Input: ledger_file (one row: source_file, file_sha256, ...).
--
-- Lines are only ever written with the audit row of their file, and audit rows are never
-- removed (but a failed version's, which wrote no lines): a path audit.ingest_files has never
-- seen has no lines. For such a path (a new month) the file drops out of `USING` first, and
-- the DELETEs do not scan the history at all: cost follows the new file, not the warehouse.
DELETE FROM core.fct_payment p
USING (SELECT * FROM ledger_file WHERE source_file IN (SELECT source_file FROM audit.ingest_files)) f
WHERE p.source_file = f.source_file;

DELETE FROM audit.rejected_rows r
USING (SELECT * FROM ledger_file WHERE source_file IN (SELECT source_file FROM audit.ingest_files)) f
WHERE r.source_file = f.source_file;

DELETE FROM audit.set_aside_lines s
USING (SELECT * FROM ledger_file WHERE source_file IN (SELECT source_file FROM audit.ingest_files)) f
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
