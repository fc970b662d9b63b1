-- What the current ledger file versions set aside that a reader should hear about: title and
-- note lines above the header (preamble) or after the payments (footer), repeated headers,
-- and totals rows (rejected as totals, in audit.rejected_rows). Each file's own header and the
-- continuation lines of its multi-line records are expected, so they are not counted here.
WITH current_files AS (
    SELECT source_file, file_sha256
    FROM audit.ingest_files
    WHERE kind = 'ledger' AND status NOT IN ('superseded', 'retracted', 'failed')
),
notes AS (
    SELECT s.source_file, s.state, s.lines
    FROM audit.set_aside_lines s
    JOIN current_files c USING (source_file, file_sha256)
    WHERE s.state IN ('preamble', 'footer', 'repeated_header')
),
totals AS (
    SELECT r.source_file
    FROM audit.rejected_rows r
    JOIN current_files c USING (source_file, file_sha256)
    WHERE r.reason LIKE 'totals row%'
)
SELECT
    (SELECT count(*) FROM (SELECT source_file FROM notes UNION SELECT source_file FROM totals)) AS files,
    (SELECT coalesce(sum(lines), 0) FROM notes WHERE state = 'preamble')::BIGINT AS preamble,
    (SELECT coalesce(sum(lines), 0) FROM notes WHERE state = 'footer')::BIGINT AS footer,
    (SELECT coalesce(sum(lines), 0) FROM notes WHERE state = 'repeated_header')::BIGINT AS repeated_header,
    (SELECT count(*) FROM totals) AS totals
