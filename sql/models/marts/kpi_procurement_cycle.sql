-- Average and median days from start to award, per financial year of award and route,
-- against the strategy's current figure for the route (core.register_targets).
-- Every route appears in every year that has an award, so a route with none shows 'no figure'.
WITH years AS (
    SELECT DISTINCT financial_year
    FROM core.register_procurement_exercises
    WHERE award_date IS NOT NULL
),
routes AS (
    SELECT dimension AS route, figure AS current_days, direction
    FROM core.register_targets
    WHERE measure = 'procurement_cycle_days'
),
awarded AS (
    SELECT financial_year,
           route,
           count(*) AS exercises_awarded,
           -- Exact decimal arithmetic: the average of whole days, rounded once to a tenth.
           round(sum(cycle_days)::DECIMAL(18, 3) / count(*), 1)::DECIMAL(9, 1) AS average_days,
           median(cycle_days)::DECIMAL(9, 1) AS median_days,
           min(cycle_days) AS shortest_days,
           max(cycle_days) AS longest_days
    FROM core.register_procurement_exercises
    WHERE award_date IS NOT NULL
    GROUP BY financial_year, route
)
SELECT y.financial_year,
       r.route,
       coalesce(a.exercises_awarded, 0) AS exercises_awarded,
       a.average_days,
       a.median_days,
       a.shortest_days,
       a.longest_days,
       r.current_days::DECIMAL(9, 1) AS current_days,
       (a.average_days - r.current_days)::DECIMAL(9, 1) AS difference_days,
       marts.target_status(a.average_days, r.current_days, r.direction, 0) AS status
FROM years y
CROSS JOIN routes r
LEFT JOIN awarded a ON a.financial_year = y.financial_year AND a.route = r.route
ORDER BY y.financial_year, r.current_days, r.route
