-- Every source file version, for the workbook. Quoted values in a message (cells of a file
-- that could not be read) are masked by report_mask_quoted (pipelines.parse.mask_quoted): they
-- may name a payee.
SELECT source_file, kind, status, report_mask_quoted(message) AS message, rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded
FROM audit.ingest_files
ORDER BY source_file, file_sha256;
