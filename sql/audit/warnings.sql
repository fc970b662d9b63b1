-- What the warehouse as built assumed, or holds that a person should act on: the run
-- warnings (audit.run_warnings), and files that have left the landing folder yet keep their
-- rows (a renamed copy of one loads its payments twice). The run summary and the report's
-- data-quality section show these words as they are.
SELECT source, code, message
FROM audit.run_warnings
UNION ALL
SELECT
    'files' AS source,
    CASE WHEN superseded_by IS NOT NULL THEN 'file_superseded' ELSE 'file_missing' END AS code,
    CASE
        WHEN superseded_by IS NOT NULL THEN
            source_file || ' has left the landing folder, and its payments came back in ' || superseded_by
            || ': both are counted until you run `anchorspend retract ' || source_file || '`'
        ELSE
            source_file || ' has left the landing folder, but its ' || rows_loaded
            || ' lines stay in the warehouse until you run `anchorspend retract ' || source_file || '`'
    END AS message
FROM audit.ingest_files
WHERE status = 'loaded' AND coalesce(missing, false)
ORDER BY source, code, message
