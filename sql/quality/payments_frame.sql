-- Rows of core.fct_payment for the payment checks, for the months in $months (NULL = all).
-- Payees redacted as personal data are shown by that label, never by the ledger's text.
-- Money comparisons must stay exact, so the amount is handed over as text (for display)
-- and as whole pence (BIGINT), never as a float. Dates likewise go as ISO text (for display)
-- and as whole days since 1970-01-01, which Great Expectations compares fast and exactly.
-- A file's period is the financial year most of its lines fall in (ties: the later year),
-- taken over the whole file even when only one month is checked.
WITH file_year_counts AS (
    SELECT source_file, financial_year, count(*) AS n
    FROM core.fct_payment
    GROUP BY source_file, financial_year
),
file_period AS (
    SELECT
        source_file,
        financial_year AS file_financial_year,
        make_date(CAST(left(financial_year, 4) AS INTEGER), 4, 1) AS fy_start
    FROM file_year_counts
    QUALIFY row_number() OVER (PARTITION BY source_file ORDER BY n DESC, financial_year DESC) = 1
)
SELECT
    p.body,
    CAST(p.payment_date AS VARCHAR) AS payment_date,
    date_diff('day', DATE '1970-01-01', p.payment_date) AS payment_day,
    CASE WHEN d.is_redacted THEN 'Redacted (personal data)' ELSE p.supplier_name END AS supplier_name,
    CAST(p.amount AS VARCHAR) AS amount,
    CAST(CAST(p.amount AS DECIMAL(38, 2)) * 100 AS BIGINT) AS amount_pence,
    p.transaction_number,
    p.financial_year,
    p.source_file,
    p.source_sheet,
    p.source_line,
    f.file_financial_year,
    date_diff('day', DATE '1970-01-01', f.fy_start) - CAST($grace_days AS INTEGER) AS period_earliest_day,
    date_diff('day', DATE '1970-01-01', CAST(f.fy_start + INTERVAL 1 YEAR AS DATE)) - 1
        + CAST($grace_days AS INTEGER) AS period_latest_day
FROM core.fct_payment AS p
LEFT JOIN file_period AS f USING (source_file)
LEFT JOIN core.dim_supplier AS d ON d.supplier_key = p.supplier_key
WHERE CAST($months AS DATE[]) IS NULL OR list_contains(CAST($months AS DATE[]), p.month)
ORDER BY p.source_file, p.source_sheet, p.source_line
