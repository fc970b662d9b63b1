-- Clear {table}'s rows for the financial years about to be rebuilt.
DELETE FROM {table} WHERE list_contains($financial_years, financial_year);
