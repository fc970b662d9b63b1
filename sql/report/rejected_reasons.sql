-- Rejected lines grouped by reason, most frequent first. The raw values are never read:
-- they can hold payees' names.
SELECT reason, count(*) AS rows_rejected, count(DISTINCT source_file) AS file_count
FROM audit.rejected_rows
GROUP BY reason
ORDER BY rows_rejected DESC, reason
LIMIT 10;
