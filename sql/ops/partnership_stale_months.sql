-- Months that the KPI month mart and the partnership month mart disagree on having: a month the
-- partnership never built, or one whose payments were withdrawn since (the KPI marts, rebuilt
-- first, no longer hold it). Both are small: one row per body and month, one per month.
(SELECT DISTINCT month FROM marts.kpi_spend_by_month EXCEPT SELECT month FROM marts.kpi_partnership_by_month)
UNION
(SELECT month FROM marts.kpi_partnership_by_month EXCEPT SELECT DISTINCT month FROM marts.kpi_spend_by_month)
ORDER BY month
