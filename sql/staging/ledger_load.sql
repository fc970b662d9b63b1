-- Load one parsed ledger file: payments with the count-based duplicate rule, its
-- rejected lines, and its audit row. Runs inside the caller's transaction.
-- Inputs: ledger_file (one row: source_file, file_sha256, mapping, message, rows_read, ingested_at),
--         ledger_lines (parsed payment lines), ledger_rejected (rejected lines).
--
-- Duplicate rule: a line whose key occurs k times in this file and m times already
-- loaded (from other files) adds max(0, k - m) rows: the first m occurrences, in
-- file order, are duplicates. Identical lines within one file are separate payments.
-- A view: each line's key is computed where it is read, never copied with the line.
CREATE OR REPLACE TEMP VIEW ledger_keyed AS
SELECT
    l.*,
    -- chr(0) marks a missing value so that NULL and '' never collide; chr(31) separates fields.
    md5(concat_ws(chr(31),
        coalesce(l.body, chr(0)),
        coalesce(CAST(l.payment_date AS VARCHAR), chr(0)),
        coalesce(l.transaction_number, chr(0)),
        coalesce(l.supplier_name, chr(0)),
        coalesce(l.supplier_id, chr(0)),
        coalesce(CAST(CAST(l.amount AS DECIMAL(18,2)) AS VARCHAR), chr(0)),
        coalesce(l.expense_type, chr(0)),
        coalesce(l.expense_area, chr(0)),
        coalesce(l.purpose, chr(0))
    )) AS line_key
FROM ledger_lines l;

-- The duplicate lines: usually none, so the load below is a plain append.
CREATE OR REPLACE TEMP TABLE ledger_duplicate AS
-- A loaded twin has the same payment_date (the date is part of the key), so only lines on a date
-- some loaded line has can have one. Finding those dates reads only history's row groups within
-- this file's dates; a new month finds none, and no key is computed for the lookup at all.
WITH candidates AS (
    SELECT k.*
    FROM ledger_keyed k
    SEMI JOIN (
        SELECT DISTINCT p.payment_date FROM core.fct_payment p SEMI JOIN ledger_lines l USING (payment_date)
    ) d USING (payment_date)
),
existing AS (
    SELECT p.line_key, count(*) AS m
    FROM core.fct_payment p
    SEMI JOIN candidates k ON p.payment_date = k.payment_date AND p.line_key = k.line_key
    GROUP BY p.line_key
),
-- Only lines with a loaded twin need their occurrence counted.
numbered AS (
    SELECT k.source_sheet, k.source_line, k.payment_date, k.line_key, k.amount, e.m,
           row_number() OVER (PARTITION BY k.line_key ORDER BY k.source_sheet NULLS FIRST, k.source_line) AS occurrence
    FROM candidates k JOIN existing e USING (line_key)
)
SELECT source_sheet, source_line, payment_date, line_key, amount FROM numbered WHERE occurrence <= m;

INSERT INTO core.fct_payment (
    body, payment_date, transaction_number, supplier_name, supplier_id, amount,
    expense_type, expense_area, purpose, procurement_category, financial_year, month,
    source_file, file_sha256, source_sheet, source_line, line_key, supplier_key
)
-- A file holds a few dozen distinct dates: each one's financial year and month are worked out
-- once, not once per line (formatting the year was a tenth of the load).
WITH dates AS (
    SELECT
        payment_date,
        -- UK financial year, April to March: '2023/24'.
        printf('%d/%02d', start_year, (start_year + 1) % 100) AS financial_year,
        CAST(date_trunc('month', payment_date) AS DATE) AS month
    FROM (
        SELECT payment_date, year(payment_date) - CASE WHEN month(payment_date) < 4 THEN 1 ELSE 0 END AS start_year
        FROM (SELECT DISTINCT payment_date FROM ledger_keyed)
    )
)
SELECT
    k.body, k.payment_date, k.transaction_number, k.supplier_name, k.supplier_id,
    CAST(k.amount AS DECIMAL(18,2)),
    k.expense_type, k.expense_area, k.purpose, k.procurement_category,
    d.financial_year, d.month,
    f.source_file, f.file_sha256, k.source_sheet, k.source_line, k.line_key, NULL
FROM ledger_keyed k
-- LEFT: a line without a date reaches the NOT NULL constraint and fails the file, never vanishes.
LEFT JOIN dates d USING (payment_date)
CROSS JOIN ledger_file f
ANTI JOIN ledger_duplicate x ON x.source_line = k.source_line AND x.source_sheet IS NOT DISTINCT FROM k.source_sheet;

INSERT INTO audit.rejected_rows (source_file, file_sha256, source_sheet, source_line, reason, raw)
SELECT f.source_file, f.file_sha256, r.source_sheet, r.source_line, r.reason, r.raw
FROM ledger_rejected r
CROSS JOIN ledger_file f;

INSERT INTO audit.ingest_files (
    source_file, file_sha256, kind, mapping, status, message,
    rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded, ingested_at,
    config_sha256, duplicates_of
)
WITH lines AS (SELECT count(*) AS n, coalesce(sum(CAST(amount AS DECIMAL(18,2))), 0) AS amount FROM ledger_lines),
dup AS (SELECT count(*) AS n, coalesce(sum(CAST(amount AS DECIMAL(18,2))), 0) AS amount FROM ledger_duplicate),
-- The file most of the duplicate lines repeat: a renamed copy names its original. Joined on
-- the date as well, and uncorrelated, so no duplicates means no scan of history.
repeated AS (
    SELECT p.source_file
    FROM core.fct_payment p
    SEMI JOIN ledger_duplicate d ON p.payment_date = d.payment_date AND p.line_key = d.line_key
    WHERE p.source_file <> (SELECT source_file FROM ledger_file)
    GROUP BY p.source_file
    ORDER BY count(*) DESC, p.source_file
    LIMIT 1
)
SELECT
    f.source_file, f.file_sha256, 'ledger', f.mapping, 'loaded', f.message,
    f.rows_read, l.n - d.n, (SELECT count(*) FROM ledger_rejected), d.n, l.amount - d.amount,
    f.ingested_at, f.config_sha256, r.source_file
FROM ledger_file f
CROSS JOIN lines l
CROSS JOIN dup d
LEFT JOIN repeated r ON true;

DROP VIEW ledger_keyed;
DROP TABLE ledger_duplicate;
