-- Mark the build copy's run published, then checkpoint, so that the file renamed over the
-- published warehouse holds everything (its write-ahead log is not renamed with it).
UPDATE audit.runs SET published_at = now()::TIMESTAMP WHERE published_at IS NULL;

CHECKPOINT;
