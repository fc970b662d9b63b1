-- Question: Which ten local suppliers paid for the first time this financial year got the most?
-- (In the first year held in the warehouse every local supplier looks new: is_first_year_of_data.)
SELECT
    financial_year,
    supplier_name,
    first_payment_date,
    total_spend,
    is_sme,
    is_first_year_of_data
FROM marts.new_local_suppliers
WHERE body = 'Luton Borough Council'
  AND financial_year = (SELECT max(financial_year) FROM marts.kpi_spend_by_year WHERE body = 'Luton Borough Council')
ORDER BY total_spend DESC, supplier_name
LIMIT 10;
