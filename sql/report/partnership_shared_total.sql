-- How many local suppliers more than one anchor pays in the report's financial year, and for how much.
SELECT
    count(*) AS shared_local_supplier_count,
    coalesce(sum(total_spend), 0) AS shared_local_spend
FROM marts.partnership_shared_suppliers
WHERE financial_year = $financial_year;
