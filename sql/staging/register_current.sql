-- The register file versions the core.register_* tables were last built from (every rebuild
-- marks the versions before it superseded): what ingest_registers compares the landing
-- folder with before reading anything.
SELECT source_file, file_sha256
FROM audit.ingest_files
WHERE kind = 'register' AND status <> 'superseded'
