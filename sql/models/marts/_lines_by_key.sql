-- `WITH lines AS (...),` for a breakdown by the line's own {column}: the payment lines added up
-- per (body, financial_year, supplier_key, {column}) by the ledger's key first (a narrow GROUP
-- BY, several times cheaper than one over the classified columns), then classified by the
-- block marts.payment_classified uses, so _spend_breakdown.sql reads a row per supplier and
-- {column} instead of every line. procurement_category is kept apart because it decides the
-- category the block classifies. _stated.sql is pasted without arguments: this file's own
-- {column} fills it.
WITH per_key AS (
    SELECT
        body, financial_year, supplier_key, procurement_category, {column},
        count(*) AS payment_count,
        sum(amount) AS total_spend
    FROM core.fct_payment
    GROUP BY ALL
),
lines AS (
    SELECT
        p.body, p.financial_year, p.payment_count, p.total_spend,
        -- include models/marts/_stated
        -- include models/marts/_classification
    FROM per_key AS p
    LEFT JOIN core.dim_supplier AS s ON s.supplier_key = p.supplier_key
),
