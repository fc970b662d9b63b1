-- Retract one source file: its rows leave the warehouse and its audit rows say 'retracted'
-- (a retracted version is not read again while its bytes are unchanged). Files whose lines
-- were counted as duplicates of it are read again on the next run (their configuration
-- fingerprint no longer matches), so those lines load from them instead.
-- Input: lifecycle_file (one row: source_file, kind).
DELETE FROM core.fct_payment p
USING lifecycle_file f
WHERE p.source_file = f.source_file AND f.kind = 'ledger';

DELETE FROM staging.supplier_source s
USING lifecycle_file f
WHERE s.source_file = f.source_file AND s.source_kind = f.kind;

DELETE FROM audit.rejected_rows r
USING lifecycle_file f
WHERE r.source_file = f.source_file;

DELETE FROM audit.set_aside_lines s
USING lifecycle_file f
WHERE s.source_file = f.source_file AND f.kind = 'ledger';

UPDATE audit.ingest_files a
SET config_sha256 = 'read again: it repeated lines of a retracted file'
FROM lifecycle_file f
WHERE a.duplicates_of = f.source_file AND a.kind = f.kind AND a.status = 'loaded';

UPDATE audit.ingest_files a
SET status = 'retracted', superseded_by = NULL
FROM lifecycle_file f
WHERE a.source_file = f.source_file AND a.kind = f.kind AND a.status IN ('loaded', 'failed');
