-- Every warning of the warehouse as built, for the run summary and the report.
SELECT source, code, message
FROM audit.run_warnings
ORDER BY source, code, message
