-- Every supplier invited to a quick quote, with whether it is local (primary) and why.
-- Needs temp table register_local_areas(area), the council's local_primary_postcode_areas,
-- which pipelines.registers.build_register_marts creates from council_config().
-- Local, in order of trust:
--   1. 'supplier record': core.dim_supplier, matched by normalised name, says is_local_primary;
--   2. 'register postcode': the postcode typed in the register is in a local postcode area;
--   3. 'register flag': the register's own Local? column;
--   otherwise NULL ('unknown'), which counts as not shown to be local.
WITH quote AS (
    -- A quote belongs to the year of its earliest date, so its invites never split across years.
    SELECT reference, min(quote_date) AS quote_date, arg_min(financial_year, quote_date) AS financial_year
    FROM core.register_quick_quotes
    GROUP BY reference
),
supplier AS (
    -- Two supplier records with one normalised name: local if either is (both keys kept visible).
    SELECT name_normalised,
           min(supplier_key) AS supplier_key,
           bool_or(is_local_primary) AS is_local_primary
    FROM core.dim_supplier
    WHERE name_normalised IS NOT NULL AND NOT is_redacted
    GROUP BY name_normalised
),
invite AS (
    SELECT q.reference,
           quote.quote_date,
           quote.financial_year,
           q.title,
           q.supplier_name,
           q.supplier_postcode,
           s.supplier_key,
           s.is_local_primary AS supplier_is_local_primary,
           CASE WHEN q.supplier_postcode IS NOT NULL
                THEN regexp_extract(q.supplier_postcode, '^[A-Z]+') IN (SELECT area FROM register_local_areas)
           END AS postcode_is_local,
           q.is_local AS register_is_local,
           q.source_file,
           q.source_line
    FROM core.register_quick_quotes q
    JOIN quote USING (reference)
    LEFT JOIN supplier s ON s.name_normalised = q.supplier_name_normalised
)
SELECT reference,
       quote_date,
       financial_year,
       title,
       supplier_name,
       supplier_postcode,
       supplier_key,
       coalesce(supplier_is_local_primary, postcode_is_local, register_is_local) AS is_local,
       CASE WHEN supplier_is_local_primary IS NOT NULL THEN 'supplier record'
            WHEN postcode_is_local IS NOT NULL THEN 'register postcode'
            WHEN register_is_local IS NOT NULL THEN 'register flag'
            ELSE 'unknown' END AS local_source,
       source_file,
       source_line
FROM invite
ORDER BY reference, source_file, source_line
