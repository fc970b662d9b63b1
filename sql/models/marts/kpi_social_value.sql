-- Social value committed and delivered per financial year, by the strategy's three themes,
-- and within a theme by National TOMs measure code where the register gives one.
-- Values are summed only within one unit (£, people, hours...): level 'theme' rows total a
-- theme per unit; level 'measure' rows break a theme down by TOMs code. All three themes
-- appear in every year, with zero in £, so a theme with nothing committed is visible.
WITH themes AS (
    SELECT unnest(['real living wage',
                   'local recruitment, skills and staff development',
                   'community health and wellbeing']) AS theme,
           unnest([1, 2, 3]) AS theme_order
),
years AS (
    SELECT DISTINCT financial_year FROM core.register_social_value
),
grouped AS (
    SELECT financial_year, theme,
           CASE WHEN GROUPING(toms_code) = 1 THEN 'theme' ELSE 'measure' END AS level,
           toms_code, unit,
           count(DISTINCT contract_reference) AS contracts,
           count(*) AS commitments,
           coalesce(sum(committed_value), 0)::DECIMAL(18, 2) AS committed,
           coalesce(sum(delivered_value), 0)::DECIMAL(18, 2) AS delivered
    FROM core.register_social_value
    GROUP BY GROUPING SETS ((financial_year, theme, unit), (financial_year, theme, toms_code, unit))
),
kept AS (
    SELECT * FROM grouped WHERE level = 'theme' OR toms_code IS NOT NULL
    UNION ALL
    -- A theme with no £ rows in a year still shows, at zero pounds.
    SELECT y.financial_year, t.theme, 'theme', NULL, '£', 0, 0, 0.00, 0.00
    FROM years y CROSS JOIN themes t
    WHERE NOT EXISTS (SELECT 1 FROM core.register_social_value s
                      WHERE s.financial_year = y.financial_year AND s.theme = t.theme AND s.unit = '£')
)
SELECT k.financial_year,
       k.theme,
       k.level,
       k.toms_code,
       k.unit,
       k.contracts,
       k.commitments,
       k.committed,
       k.delivered,
       CASE WHEN k.committed > 0 THEN round(100 * k.delivered / k.committed, 1)::DECIMAL(9, 1) END AS delivered_percent
FROM kept k
JOIN themes t USING (theme)
ORDER BY k.financial_year, t.theme_order, k.level DESC, k.toms_code NULLS FIRST, k.unit
