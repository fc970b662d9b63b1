-- Record this run's register files (_audit) and their rejected rows (_bad). A file version seen
-- before is re-recorded, not added twice; older versions of a register file that has changed
-- are superseded (their rows are gone: every run rebuilds the registers from the files present).
DELETE FROM audit.rejected_rows r
WHERE EXISTS (SELECT 1 FROM audit.ingest_files f JOIN _audit a USING (source_file, file_sha256)
              WHERE f.kind = 'register' AND f.source_file = r.source_file AND f.file_sha256 = r.file_sha256);
DELETE FROM audit.ingest_files f WHERE f.kind = 'register' AND EXISTS
    (SELECT 1 FROM _audit a WHERE a.source_file = f.source_file AND a.file_sha256 = f.file_sha256);
UPDATE audit.ingest_files SET status = 'superseded' WHERE kind = 'register' AND status <> 'superseded';
INSERT INTO audit.ingest_files BY NAME SELECT * FROM _audit;
INSERT INTO audit.rejected_rows BY NAME SELECT * FROM _bad;
