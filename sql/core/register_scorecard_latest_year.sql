-- The latest financial year for which any scorecard measure has a figure.
SELECT max(financial_year) FROM marts.register_scorecard WHERE value IS NOT NULL
