-- The run a build copy belongs to: the newest one not yet published (its reports are marked with it).
SELECT run_id
FROM audit.runs
WHERE published_at IS NULL
ORDER BY started_at DESC
LIMIT 1
