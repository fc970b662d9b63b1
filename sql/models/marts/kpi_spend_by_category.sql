-- Scorecard measures per (body, financial_year, category), from the rows per supplier, category
-- and month of marts.supplier_spend_by_month.
WITH lines AS (
    SELECT * FROM marts.supplier_spend_by_month
),
-- include models/marts/_spend_breakdown dimension=category
