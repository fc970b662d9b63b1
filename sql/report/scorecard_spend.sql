-- The strategy's spend measures for the report's financial year, one row per measure, in the
-- shape of marts.register_scorecard so the report shows both in one scorecard. Read from
-- marts.kpi_spend_by_year: the financial year as loaded (every month in the warehouse), which
-- scorecard_spend_months.sql names. Every measure has a row, 'no figure' when the year has none.
-- status is the mart's (sql/macros/target_status.sql), one vocabulary with marts.register_scorecard.
WITH y AS (
    SELECT *
    FROM marts.kpi_spend_by_year
    WHERE body = $body AND financial_year = $financial_year
),
measures AS (
    SELECT *
    FROM (VALUES
        (1, 'pct_local_primary', 'percent'),
        (2, 'pct_local_secondary', 'percent'),
        (3, 'pct_sme', 'percent'),
        (4, 'pct_vcs', 'percent'),
        (5, 'local_sme_spend', 'GBP'),
        (6, 'deprived_area_spend', 'GBP'),
        (7, 'supplier_count', 'count'),
        (8, 'local_primary_supplier_count', 'count'),
        (9, 'local_secondary_supplier_count', 'count'),
        (10, 'sme_supplier_count', 'count'),
        (11, 'vcs_supplier_count', 'count')
    ) AS m(item_order, measure, unit)
),
figures AS (
    SELECT v.*
    FROM y,
    LATERAL (VALUES
        ('pct_local_primary', y.pct_local_primary::DECIMAL(18, 2), y.target_pct_local::DECIMAL(18, 2), y.local_target_status,
         '£' || format('{:,.0f}', y.local_primary_spend) || ' of £' || format('{:,.0f}', y.total_spend) || ' total spend'),
        ('pct_local_secondary', y.pct_local_secondary::DECIMAL(18, 2), NULL, NULL,
         '£' || format('{:,.0f}', y.local_secondary_spend) || ' of £' || format('{:,.0f}', y.total_spend) || ' total spend'),
        ('pct_sme', y.pct_sme::DECIMAL(18, 2), y.target_pct_sme::DECIMAL(18, 2), y.sme_target_status,
         '£' || format('{:,.0f}', y.sme_spend) || ' of £' || format('{:,.0f}', y.total_spend) || ' total spend'),
        ('pct_vcs', y.pct_vcs::DECIMAL(18, 2), y.target_pct_vcs::DECIMAL(18, 2), y.vcs_target_status,
         '£' || format('{:,.0f}', y.vcs_spend) || ' of £' || format('{:,.0f}', y.total_spend) || ' total spend'),
        ('local_sme_spend', y.local_sme_spend, NULL, NULL,
         CAST(marts.share_pct(y.local_sme_spend, y.total_spend) AS VARCHAR) || '% of total spend'),
        ('deprived_area_spend', y.deprived_area_spend, NULL, NULL,
         CAST(marts.share_pct(y.deprived_area_spend, y.total_spend) AS VARCHAR) || '% of total spend'),
        ('supplier_count', y.supplier_count::DECIMAL(18, 2), NULL, NULL, NULL),
        ('local_primary_supplier_count', y.local_primary_supplier_count::DECIMAL(18, 2), NULL, NULL,
         'of ' || format('{:,}', y.supplier_count) || ' suppliers paid'),
        ('local_secondary_supplier_count', y.local_secondary_supplier_count::DECIMAL(18, 2), NULL, NULL,
         'of ' || format('{:,}', y.supplier_count) || ' suppliers paid'),
        ('sme_supplier_count', y.sme_supplier_count::DECIMAL(18, 2), NULL, NULL, 'of ' || format('{:,}', y.supplier_count) || ' suppliers paid'),
        ('vcs_supplier_count', y.vcs_supplier_count::DECIMAL(18, 2), NULL, NULL, 'of ' || format('{:,}', y.supplier_count) || ' suppliers paid')
    ) AS v(measure, value, target, mart_status, detail)
)
SELECT m.item_order AS sort_order,
       'Spend' AS section,
       m.measure,
       $financial_year AS financial_year,
       NULL::VARCHAR AS dimension,
       f.value,
       m.unit,
       f.target,
       CASE WHEN f.target IS NOT NULL THEN 'target' END AS target_kind,
       CASE WHEN f.target IS NOT NULL THEN $financial_year END AS target_year,
       -- The mart's status for the shares with a target; the same rule for the rest.
       coalesce(f.mart_status, marts.target_status(f.value, f.target, NULL, 0)) AS status,
       f.detail
FROM measures m
LEFT JOIN figures f USING (measure)
ORDER BY m.item_order;
