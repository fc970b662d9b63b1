-- The spend measures of every KPI table, summed over per-supplier rows ({spend} is the
-- supplier's net spend in the period, {count} its number of lines). Included by kpi_spend_by_year, kpi_spend_by_month and
-- kpi_spend_breakdown, so the definitions cannot drift apart. A supplier counts as paid only
-- when its net spend is positive. Ends with a comma (DuckDB allows one before FROM).
        sum({count}) AS {prefix}payment_count,
        sum({spend}) AS {prefix}total_spend,
        coalesce(sum({spend}) FILTER (WHERE is_local_primary), 0) AS {prefix}local_primary_spend,
        coalesce(sum({spend}) FILTER (WHERE is_local_secondary), 0) AS {prefix}local_secondary_spend,
        coalesce(sum({spend}) FILTER (WHERE is_sme), 0) AS {prefix}sme_spend,
        coalesce(sum({spend}) FILTER (WHERE is_vcs), 0) AS {prefix}vcs_spend,
        coalesce(sum({spend}) FILTER (WHERE is_local_primary AND is_sme), 0) AS {prefix}local_sme_spend,
        coalesce(sum({spend}) FILTER (WHERE is_deprived_area), 0) AS {prefix}deprived_area_spend,
        coalesce(sum({spend}) FILTER (WHERE is_local_primary IS NULL), 0) AS {prefix}unknown_location_spend,
        coalesce(sum({spend}) FILTER (WHERE is_redacted), 0) AS {prefix}redacted_spend,
        coalesce(sum({spend}) FILTER (WHERE is_unclassified), 0) AS {prefix}unclassified_spend,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND {spend} > 0) AS {prefix}supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND {spend} > 0 AND is_local_primary) AS {prefix}local_primary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND {spend} > 0 AND is_local_secondary) AS {prefix}local_secondary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND {spend} > 0 AND is_sme) AS {prefix}sme_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND {spend} > 0 AND is_vcs) AS {prefix}vcs_supplier_count,
