-- The join every mart starts from. A payment whose supplier_key is missing or unknown to
-- core.dim_supplier stays in (LEFT JOIN): its spend counts in the totals, as unclassified.
SELECT
    p.body,
    p.payment_date,
    p.financial_year,
    p.month,
    p.transaction_number,
    p.amount,
    -- include models/marts/_stated column=expense_area
    -- include models/marts/_stated column=expense_type
    -- include models/marts/_classification
FROM core.fct_payment AS p
LEFT JOIN core.dim_supplier AS s ON s.supplier_key = p.supplier_key
