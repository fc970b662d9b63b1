-- Every scorecard measure in display order; $financial_year NULL: every year, else that one.
SELECT * FROM marts.register_scorecard
WHERE $financial_year IS NULL OR financial_year = $financial_year
ORDER BY sort_order
