-- Every source file version, for the workbook.
SELECT source_file, kind, status, message, rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded
FROM audit.ingest_files
ORDER BY source_file, file_sha256;
