-- Rejected lines grouped by the kind of file and the reason, most frequent first, across every
-- file in the warehouse. Quoted values inside a reason are masked so that reasons group by kind
-- of problem, and so that a payee's name quoted in a reason never reaches the report
-- (report_mask_quoted: pipelines.parse.mask_quoted, which reads the quoting); the raw column is
-- never read. The example points at one line to look up in audit.rejected_rows.
WITH files AS (
    SELECT DISTINCT source_file, file_sha256, kind FROM audit.ingest_files
),
masked AS (
    SELECT
        coalesce(f.kind, 'unknown') AS kind,
        report_mask_quoted(r.reason) AS reason,
        r.source_file,
        r.source_line
    FROM audit.rejected_rows AS r
    LEFT JOIN files AS f ON f.source_file = r.source_file AND f.file_sha256 = r.file_sha256
)
SELECT
    kind,
    reason,
    count(*) AS rows_rejected,
    count(DISTINCT source_file) AS file_count,
    arg_min(source_file || ' line ' || source_line, (source_file, source_line)) AS example
FROM masked
GROUP BY kind, reason
ORDER BY rows_rejected DESC, kind, reason
LIMIT 10;
