-- Change cases, flagged on the current versions of the files of the kinds in flag_kinds:
-- `missing`: the file has left the landing folder (present_files lists what is there now); its
--   rows stay until it is retracted (`anchorspend retract FILE`).
-- `superseded_by`: a missing file whose payments came back in another, present file (that
--   file's duplicate lines mostly repeat this one's: a renamed copy, perhaps corrected).
UPDATE audit.ingest_files a
SET missing = a.source_file NOT IN (SELECT source_file FROM present_files)
WHERE a.kind IN (SELECT kind FROM flag_kinds) AND a.status IN ('loaded', 'failed');

UPDATE audit.ingest_files a
SET superseded_by = CASE WHEN a.missing THEN (
    SELECT b.source_file
    FROM audit.ingest_files b
    WHERE b.kind = a.kind AND b.status = 'loaded' AND NOT coalesce(b.missing, false)
      AND b.duplicates_of = a.source_file
    ORDER BY b.rows_duplicate DESC, b.source_file
    LIMIT 1
) END
WHERE a.kind IN (SELECT kind FROM flag_kinds) AND a.status IN ('loaded', 'failed');
