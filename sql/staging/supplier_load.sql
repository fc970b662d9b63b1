-- Load one parsed supplier file, replacing its previous version (new bytes, or the same
-- bytes read under a changed override or synonyms). The caller runs this in one
-- transaction, after the file was read: a version that cannot be read never reaches here,
-- so the previous version's rows stay.
-- Inputs: supplier_file (one row: lifecycle.file_frame),
--         supplier_rows (staged rows, staging.supplier_source columns but the file's own),
--         supplier_rejected (source_sheet, source_line, reason, raw).
DELETE FROM staging.supplier_source s
USING supplier_file f
WHERE s.source_file = f.source_file AND s.source_kind = f.kind;

DELETE FROM audit.rejected_rows r
USING supplier_file f
WHERE r.source_file = f.source_file;

UPDATE audit.ingest_files a
SET status = 'superseded'
FROM supplier_file f
WHERE a.source_file = f.source_file
  AND a.kind = f.kind
  AND a.status <> 'superseded';

-- A retried version (it failed before) leaves only its newest audit row.
DELETE FROM audit.ingest_files a
USING supplier_file f
WHERE a.source_file = f.source_file AND a.kind = f.kind AND a.file_sha256 = f.file_sha256 AND a.status = 'failed';

INSERT INTO staging.supplier_source BY NAME
SELECT f.kind AS source_kind, f.source_file, f.file_sha256, r.*
FROM supplier_rows r
CROSS JOIN supplier_file f;

INSERT INTO audit.rejected_rows (source_file, file_sha256, source_sheet, source_line, reason, raw)
SELECT f.source_file, f.file_sha256, r.source_sheet, r.source_line, r.reason, r.raw
FROM supplier_rejected r
CROSS JOIN supplier_file f;

INSERT INTO audit.ingest_files (
    source_file, file_sha256, kind, mapping, status, message,
    rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded, ingested_at, config_sha256
)
SELECT
    f.source_file, f.file_sha256, f.kind, f.mapping, 'loaded', f.message,
    (SELECT count(*) FROM supplier_rows) + (SELECT count(*) FROM supplier_rejected),
    (SELECT count(*) FROM supplier_rows),
    (SELECT count(*) FROM supplier_rejected),
    0,
    (SELECT coalesce(sum(CAST(spend AS DECIMAL(18,2))), 0) FROM supplier_rows),
    f.ingested_at,
    f.config_sha256
FROM supplier_file f;
