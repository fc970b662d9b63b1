-- The analyst's worklist: suppliers paid in the ledgers that resolved to no supplier-file record
-- and have no override, one row per unmatched supplier record (its ledger spellings that
-- normalise alike are one row), ranked by spend. Redacted payees are not on it: they stay
-- unclassified by design.
-- best_candidate_*: the closest known supplier the fuzzy match refused (below the threshold or
-- ambiguous), over all its spellings; confirm it with a row in reference_data/supplier_overrides.csv.
WITH pay AS (
    SELECT f.supplier_key,
           sum(f.amount) AS total_spend,
           count(*) AS payment_count,
           min(f.payment_date) AS first_payment,
           max(f.payment_date) AS last_payment
    FROM core.fct_payment f
    GROUP BY ALL
),
spellings AS (
    SELECT supplier_key,
           count(DISTINCT supplier_name) AS spelling_count,
           string_agg(DISTINCT supplier_name, ' | ' ORDER BY supplier_name) AS ledger_spellings,
           string_agg(DISTINCT supplier_id, ' | ' ORDER BY supplier_id) AS supplier_ids,
           arg_max(candidate_key, candidate_score) AS best_candidate_key,
           arg_max(candidate_name, candidate_score) AS best_candidate_name,
           max(candidate_score) AS best_candidate_score
    FROM core.supplier_match
    WHERE match_method = 'unmatched'
    GROUP BY supplier_key
)
SELECT
    row_number() OVER (ORDER BY p.total_spend DESC, d.supplier_name, d.supplier_key) AS spend_rank,
    d.supplier_key,
    d.supplier_name,
    s.ledger_spellings,
    s.spelling_count,
    s.supplier_ids,
    CAST(p.total_spend AS DECIMAL(18,2)) AS total_spend,
    p.payment_count,
    p.first_payment,
    p.last_payment,
    s.best_candidate_key,
    s.best_candidate_name,
    s.best_candidate_score,
    d.is_vcs AS name_rule_vcs,
    d.legal_form
FROM spellings s
JOIN core.dim_supplier d USING (supplier_key)
JOIN pay p USING (supplier_key)
WHERE NOT d.is_override
ORDER BY spend_rank
