-- The payment lines added up per (body, month, supplier, category), classified as
-- marts.payment_classified classifies them: the shared base of the marts that count per
-- supplier (year and month scorecards, categories, leakage, top suppliers, new local suppliers,
-- the partnership), so they read a row per supplier and month instead of every line, and a
-- rebuilt month is added up once. Lines are added up by the ledger's supplier_key before the
-- join (a narrow GROUP BY is several times cheaper than one over the classified columns), then
-- again after it, since several keys can classify alike (unknown keys, redacted payees).
WITH per_key AS (
    SELECT
        body, financial_year, month, supplier_key, procurement_category,
        count(*) AS payment_count,
        sum(amount) AS total_spend,
        min(payment_date) FILTER (WHERE amount > 0) AS first_payment_date
    FROM core.fct_payment
    GROUP BY ALL
),
classified AS (
    SELECT
        p.body, p.financial_year, p.month, p.payment_count, p.total_spend, p.first_payment_date,
        -- include models/marts/_classification
    FROM per_key AS p
    LEFT JOIN core.dim_supplier AS s ON s.supplier_key = p.supplier_key
)
SELECT
    body,
    month,
    financial_year,
    -- A redacted payee's key can carry a person's name: it never reaches a mart.
    CASE WHEN is_redacted THEN NULL ELSE supplier_key END AS supplier_key,
    supplier_name,
    category,
    is_resolved, is_redacted, is_unclassified,
    is_local_primary, is_local_secondary, is_sme, is_vcs, is_deprived_area, imd_decile, proclass_level1,
    sum(payment_count) AS payment_count,
    sum(total_spend) AS total_spend,
    min(first_payment_date) AS first_payment_date
FROM classified
GROUP BY ALL
