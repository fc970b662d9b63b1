-- Question: Does 2017/18 reproduce the strategy's baseline (£238m spend, 25% local, 51% SME,
-- 4,168 suppliers, 1,249 SMEs, 269 local)? One row per measure, beside the strategy's figure.
SELECT m.measure, m.figure, m.strategy_baseline
FROM marts.kpi_spend_by_year AS y,
LATERAL (VALUES
    (1, 'total spend', format('£{:,.2f}', y.total_spend), '£238m'),
    (2, '% local (primary)', format('{:.2f}%', y.pct_local_primary), '25%'),
    (3, '% SME', format('{:.2f}%', y.pct_sme), '51%'),
    (4, 'suppliers paid', format('{:,}', y.supplier_count), '4,168'),
    (5, 'SME suppliers', format('{:,}', y.sme_supplier_count), '1,249'),
    (6, 'local suppliers (primary)', format('{:,}', y.local_primary_supplier_count), '269')
) AS m(item, measure, figure, strategy_baseline)
WHERE y.body = 'Luton Borough Council' AND y.financial_year = '2017/18'
ORDER BY m.item;
