-- Scorecard measures per (body, financial_year, expense_type). A line's expense_type is its own, not
-- its supplier's, so this breakdown reads the payment lines.
WITH lines AS (
    SELECT *, 1 AS payment_count, amount AS total_spend
    FROM marts.payment_classified
),
-- include models/marts/_spend_breakdown dimension=expense_type
