-- The supplier extracts' raw postcode and flag values, as quality.check_supplier_extract takes
-- them, for the file versions in $files (their sha256; NULL = every staged extract).
SELECT source_file, source_line, postcode_raw AS postcode, sme_raw AS sme, vcs_raw AS vcs
FROM staging.supplier_source
WHERE source_kind = 'supplier_extract'
  AND (CAST($files AS VARCHAR[]) IS NULL OR list_contains(CAST($files AS VARCHAR[]), file_sha256))
ORDER BY source_file, source_line
