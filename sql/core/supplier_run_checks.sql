-- What the supplier build checks about the run as a whole: the bodies the ledgers name
-- (to compare with the council file's name) and how many suppliers could be located.
SELECT
    (SELECT list(DISTINCT body ORDER BY body) FROM core.fct_payment) AS bodies,
    (SELECT count(*) FROM core.dim_supplier WHERE NOT is_redacted) AS suppliers,
    (SELECT count(*) FROM core.dim_supplier
      WHERE NOT is_redacted AND (is_local_primary IS NOT NULL OR is_local_secondary IS NOT NULL)) AS located,
    (SELECT count(*) FROM core.dim_supplier WHERE NOT is_redacted AND postcode IS NOT NULL) AS with_postcode
