-- The supplier extracts' raw postcode and flag values, as the data-quality checks expect them.
SELECT source_file, source_line, postcode_raw AS postcode, sme_raw AS sme, vcs_raw AS vcs
FROM staging.supplier_source
WHERE source_kind = 'supplier_extract'
ORDER BY source_file, source_line
