-- The audit rows of one version of one source file: (status, config fingerprint). Rows written
-- before config_sha256 was a column keep the ledger's fingerprint in the mapping JSON.
-- Parameters: source_file, kind, file_sha256.
SELECT status, coalesce(config_sha256, json_extract_string(mapping, '$.config_sha256')) AS config_sha256
FROM audit.ingest_files
WHERE source_file = ? AND kind = ? AND file_sha256 = ?
