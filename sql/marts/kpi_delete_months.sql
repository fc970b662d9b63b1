-- Clear {table}'s rows for the months about to be rebuilt.
DELETE FROM {table} WHERE list_contains($months, month);
