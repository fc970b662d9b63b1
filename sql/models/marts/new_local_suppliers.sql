-- marts.new_local_suppliers. "First paid" looks at
-- the body's whole history in the warehouse, so loading an earlier year changes later years'
-- rows: the runner rebuilds every later year too.
WITH first_paid AS (
    -- A credit is not a payment: a supplier is first paid on its first positive line.
    SELECT
        body,
        supplier_key,
        min(first_payment_date) AS first_payment_date,
        arg_min(financial_year, first_payment_date) AS first_financial_year
    FROM marts.supplier_spend_by_month
    WHERE first_payment_date IS NOT NULL AND is_resolved AND NOT is_redacted
    GROUP BY body, supplier_key
),
data_start AS (
    SELECT body, min(financial_year) AS first_financial_year
    FROM marts.supplier_spend_by_month
    GROUP BY body
),
year_spend AS (
    SELECT
        body, financial_year, supplier_key, supplier_name,
        is_local_primary, is_local_secondary, is_sme, is_vcs, imd_decile,
        sum(payment_count) AS payment_count,
        sum(total_spend) AS total_spend
    FROM marts.supplier_spend_by_month
    WHERE is_resolved AND NOT is_redacted
        AND (is_local_primary OR is_local_secondary)
    GROUP BY ALL
)
SELECT
    y.*,
    f.first_payment_date,
    y.financial_year = d.first_financial_year AS is_first_year_of_data
FROM year_spend AS y
JOIN first_paid AS f
    ON f.body = y.body AND f.supplier_key = y.supplier_key AND f.first_financial_year = y.financial_year
JOIN data_start AS d ON d.body = y.body
