-- Question: Which local suppliers did we pay for the first time this financial year, and how much?
-- (In the first year held in the warehouse every local supplier looks new: is_first_year_of_data.)
SELECT
    financial_year,
    supplier_name,
    first_payment_date,
    total_spend,
    is_local_primary,
    is_sme,
    is_vcs,
    is_first_year_of_data
FROM marts.new_local_suppliers
WHERE financial_year = (SELECT max(financial_year) FROM marts.kpi_spend_by_year)
ORDER BY total_spend DESC, supplier_name;
