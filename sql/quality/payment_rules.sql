-- The row-level rules on core.fct_payment, evaluated inside DuckDB over the scoped lines only:
-- the lines of the file versions in $files (NULL = every file), in the months in $months
-- (NULL = every month). Returns one row per (rule, failing line) for at most $max_examples
-- lines per rule, each carrying the rule's total failing count, so the result stays small
-- however many lines fail. A rule with no failing line returns no row.
-- Payees redacted as personal data are shown by that label, never by the ledger's text.
-- A file's period is the financial year most of its lines fall in (ties: the later year),
-- taken over the whole file even when only one month is checked.
WITH scoped AS NOT MATERIALIZED (
    SELECT p.body, p.payment_date, p.supplier_name, p.amount, p.source_file, p.source_sheet, p.source_line,
           p.transaction_number, p.supplier_key
    FROM core.fct_payment AS p
    WHERE (CAST($files AS VARCHAR[]) IS NULL OR list_contains(CAST($files AS VARCHAR[]), p.file_sha256))
      AND (CAST($months AS DATE[]) IS NULL OR list_contains(CAST($months AS DATE[]), p.month))
),
file_year_counts AS (
    SELECT source_file, financial_year, count(*) AS n
    FROM core.fct_payment
    WHERE source_file IN (SELECT DISTINCT source_file FROM scoped)
    GROUP BY source_file, financial_year
),
file_period AS (
    SELECT
        source_file,
        financial_year AS file_financial_year,
        make_date(CAST(left(financial_year, 4) AS INTEGER), 4, 1) AS fy_start
    FROM file_year_counts
    QUALIFY row_number() OVER (PARTITION BY source_file ORDER BY n DESC, financial_year DESC) = 1
),
flagged AS (
    SELECT
        s.*,
        f.file_financial_year,
        list_filter([
            CASE WHEN s.body IS NULL THEN 'body missing' END,
            CASE WHEN trim(s.body) = '' THEN 'body blank' END,
            CASE WHEN s.payment_date IS NULL THEN 'payment_date missing' END,
            CASE WHEN s.supplier_name IS NULL THEN 'supplier_name missing' END,
            CASE WHEN trim(s.supplier_name) = '' THEN 'supplier_name blank' END,
            CASE WHEN s.amount IS NULL THEN 'amount missing' END,
            CASE WHEN s.source_file IS NULL THEN 'source_file missing' END,
            CASE WHEN trim(s.source_file) = '' THEN 'source_file blank' END,
            CASE WHEN s.source_line IS NULL THEN 'source_line missing' END,
            CASE WHEN s.payment_date > CAST($today AS DATE) THEN 'payment_date in the future' END,
            CASE WHEN s.payment_date < f.fy_start - CAST($grace_days AS INTEGER)
                 THEN 'payment_date before the file''s period' END,
            CASE WHEN s.payment_date > CAST(f.fy_start + INTERVAL 1 YEAR AS DATE) - 1 + CAST($grace_days AS INTEGER)
                 THEN 'payment_date after the file''s period' END,
            CASE WHEN abs(s.amount) > CAST($max_abs_amount AS DECIMAL(18, 2)) THEN 'amount beyond the sane bound' END,
            CASE WHEN s.amount = 0 THEN 'amount is zero' END,
            CASE WHEN s.transaction_number IS NOT NULL
                  AND (length(s.transaction_number) = 0 OR length(s.transaction_number) > CAST($tn_max AS INTEGER))
                 THEN 'transaction_number empty or too long' END,
            CASE WHEN regexp_matches(s.transaction_number, '^\s|\s$') THEN 'transaction_number has surrounding spaces' END,
            CASE WHEN regexp_matches(s.transaction_number, '[\x00-\x1f\x7f-\x9f]') THEN 'transaction_number has control characters' END,
            CASE WHEN regexp_matches(s.transaction_number, '^[=+\-@]') THEN 'transaction_number starts like a formula' END,
            CASE WHEN regexp_matches(s.transaction_number, '^\d+(?:\.\d+)?[Ee][+-]?\d+$') THEN 'transaction_number in scientific notation' END
        ], lambda x: x IS NOT NULL) AS problems
    FROM scoped AS s
    LEFT JOIN file_period AS f USING (source_file)
    -- Every rule below, as one cheap test that passes nearly every clean line: the four
    -- transaction-number patterns cost one regex pass as one alternation instead of four, and
    -- only the lines it lets through have their rules spelled out above.
    WHERE s.body IS NULL OR trim(s.body) = '' OR s.payment_date IS NULL OR s.supplier_name IS NULL
       -- Blank means trim() leaves nothing, so the name starts with a space (or is empty: both
       -- below '!') or with a non-ASCII space; a byte comparison rules out the rest untrimmed.
       OR ((s.supplier_name < '!' OR s.supplier_name >= chr(128)) AND trim(s.supplier_name) = '')
       OR s.amount IS NULL OR s.source_file IS NULL OR trim(s.source_file) = ''
       OR s.source_line IS NULL
       OR s.payment_date > CAST($today AS DATE)
       OR s.payment_date < f.fy_start - CAST($grace_days AS INTEGER)
       OR s.payment_date > CAST(f.fy_start + INTERVAL 1 YEAR AS DATE) - 1 + CAST($grace_days AS INTEGER)
       OR abs(s.amount) > CAST($max_abs_amount AS DECIMAL(18, 2)) OR s.amount = 0
       OR length(s.transaction_number) = 0 OR length(s.transaction_number) > CAST($tn_max AS INTEGER)
       OR regexp_matches(s.transaction_number, '^\s|\s$|[\x00-\x1f\x7f-\x9f]|^[=+\-@]|^\d+(?:\.\d+)?[Ee][+-]?\d+$')
),
failing AS (
    SELECT unnest(problems) AS rule, * EXCLUDE (problems) FROM flagged WHERE len(problems) > 0
)
SELECT
    rule,
    count(*) OVER (PARTITION BY rule) AS failing_count,
    fl.source_file,
    fl.source_sheet,
    fl.source_line,
    fl.body,
    CAST(fl.payment_date AS VARCHAR) AS payment_date,
    CASE WHEN d.is_redacted THEN 'Redacted (personal data)' ELSE fl.supplier_name END AS supplier_name,
    CAST(fl.amount AS VARCHAR) AS amount,
    fl.transaction_number,
    fl.file_financial_year
FROM failing AS fl
LEFT JOIN core.dim_supplier AS d ON d.supplier_key = fl.supplier_key
QUALIFY row_number() OVER (PARTITION BY rule ORDER BY fl.source_file, fl.source_sheet, fl.source_line) <= $max_examples
ORDER BY rule, fl.source_file, fl.source_sheet, fl.source_line
