-- All spend with unmatched suppliers (marts.unmatched_suppliers).
SELECT count(*) AS supplier_count, coalesce(sum(spend), 0) AS total_spend
FROM marts.unmatched_suppliers;
