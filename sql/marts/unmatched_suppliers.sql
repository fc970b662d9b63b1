-- The analyst's worklist: ledger suppliers that resolved to no supplier file record and have no
-- override, ranked by spend. Redacted payees are not on it (they stay unclassified by design).
-- best_candidate_*: the closest known supplier the fuzzy match refused (below the threshold or
-- ambiguous); confirm it by adding a row to reference_data/supplier_overrides.csv.
CREATE OR REPLACE TABLE marts.unmatched_suppliers AS
WITH pay AS (
    SELECT supplier_name, supplier_id,
           sum(amount) AS total_spend,
           count(*) AS payment_count,
           min(payment_date) AS first_payment,
           max(payment_date) AS last_payment
    FROM core.fct_payment
    GROUP BY ALL
)
SELECT
    row_number() OVER (ORDER BY p.total_spend DESC, m.supplier_name, m.supplier_id) AS spend_rank,
    m.supplier_name,
    m.supplier_id,
    m.supplier_key,
    CAST(p.total_spend AS DECIMAL(18,2)) AS total_spend,
    p.payment_count,
    p.first_payment,
    p.last_payment,
    m.candidate_key AS best_candidate_key,
    m.candidate_name AS best_candidate_name,
    m.candidate_score AS best_candidate_score,
    d.is_vcs AS name_rule_vcs,
    d.legal_form
FROM core.supplier_match m
JOIN pay p ON p.supplier_name = m.supplier_name AND p.supplier_id IS NOT DISTINCT FROM m.supplier_id
JOIN core.dim_supplier d ON d.supplier_key = m.supplier_key
WHERE m.match_method = 'unmatched' AND NOT d.is_override
ORDER BY spend_rank;
