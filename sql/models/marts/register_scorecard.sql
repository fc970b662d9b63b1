-- Every scorecard measure built on the procurement registers, one row per measure, year and
-- dimension, with its value, the figure it is measured against and a status. Built from the
-- marts.kpi_* tables (run them first); pipelines.registers.scorecard() reads it for the report.
-- status: the one rule of sql/macros/target_status.sql (on target | near target | off target |
-- no target | no figure | for information). Against a baseline or current figure, 'on target'
-- means no worse than it.
WITH exemption_rows AS (
    SELECT e.financial_year, m.item_order, m.measure, m.label, m.value, m.target, e.baseline_year
    FROM marts.kpi_exemptions e,
    LATERAL (VALUES
        (1, 'exemptions_received', 'Exemptions received', e.received, e.baseline_received),
        (2, 'exemptions_approved', 'Exemptions approved', e.approved, e.baseline_approved),
        (3, 'exemptions_rejected', 'Exemptions rejected', e.rejected, e.baseline_rejected)
    ) AS m(item_order, measure, label, value, target)
),
directions AS (
    SELECT DISTINCT measure, direction FROM core.register_targets
),
rows AS (
    SELECT 1 AS section_order, current_days AS item_order, 'Procurement cycle time' AS section, 'procurement_cycle_days' AS measure,
           'Average days from start to award: ' || route AS label,
           financial_year, route AS dimension,
           average_days::DECIMAL(18, 2) AS value, 'days' AS unit,
           current_days::DECIMAL(18, 2) AS target, 'current' AS target_kind, NULL AS target_year,
           status,
           exercises_awarded || ' awarded; median ' || coalesce(CAST(median_days AS VARCHAR), '-') || ' days' AS detail
    FROM marts.kpi_procurement_cycle
    UNION ALL
    SELECT 2, x.item_order, 'Exemptions', x.measure, x.label, x.financial_year, NULL,
           x.value::DECIMAL(18, 2), 'count', x.target::DECIMAL(18, 2), 'baseline', x.baseline_year,
           marts.target_status(x.value, x.target, d.direction, 0),
           'baseline ' || coalesce(x.baseline_year, '-') || ': ' || coalesce(CAST(x.target AS VARCHAR), '-')
    FROM exemption_rows x
    LEFT JOIN directions d USING (measure)
    UNION ALL
    SELECT 3, 1, 'Meet-the-buyer events', 'meet_the_buyer_events', 'Meet-the-buyer events held', financial_year, NULL,
           events::DECIMAL(18, 2), 'count', target_events::DECIMAL(18, 2), 'target', NULL, status,
           CASE WHEN attendees IS NOT NULL THEN attendees || ' attendees, ' || coalesce(CAST(local_attendees AS VARCHAR), '-') || ' local' END
    FROM marts.kpi_events
    UNION ALL
    SELECT 4, 1, 'Savings', 'savings', 'Savings achieved (£)', financial_year, NULL,
           savings, 'GBP', target, 'target', NULL, status,
           CASE WHEN savings IS NOT NULL
                THEN 'cashable £' || format('{:,.2f}', cashable) || '; cumulative £' || format('{:,.2f}', cumulative_savings)
                     || ' against £' || format('{:,.2f}', cumulative_target) END
    FROM marts.kpi_savings
    UNION ALL
    SELECT 5, 1, 'Quick quotes', 'quick_quotes_local_share', 'Quick quotes inviting at least one local supplier (%)',
           financial_year, NULL, local_share_percent::DECIMAL(18, 2), 'percent', target_percent::DECIMAL(18, 2),
           CASE WHEN target_percent IS NOT NULL THEN 'target' END, NULL, status,
           quotes_with_local_invite || ' of ' || quick_quotes || ' quick quotes'
           || CASE WHEN quotes_with_unknown_invites > 0 THEN '; ' || quotes_with_unknown_invites || ' with invitees of unknown location' ELSE '' END
    FROM marts.kpi_quick_quotes
    UNION ALL
    SELECT 6, list_position(['real living wage', 'local recruitment, skills and staff development', 'community health and wellbeing'], theme),
           'Social value', 'social_value_committed', 'Social value committed (£): ' || theme, financial_year, theme,
           committed, 'GBP', NULL, NULL, NULL, marts.target_status(committed, NULL, NULL, 0), contracts || ' contracts'
    FROM marts.kpi_social_value WHERE level = 'theme' AND unit = '£'
    UNION ALL
    SELECT 6, 3 + list_position(['real living wage', 'local recruitment, skills and staff development', 'community health and wellbeing'], theme),
           'Social value', 'social_value_delivered', 'Social value delivered (£): ' || theme, financial_year, theme,
           delivered, 'GBP', NULL, NULL, NULL, marts.target_status(delivered, NULL, NULL, 0),
           CASE WHEN committed > 0 THEN CAST(delivered_percent AS VARCHAR) || '% of committed' END
    FROM marts.kpi_social_value WHERE level = 'theme' AND unit = '£'
)
SELECT row_number() OVER (ORDER BY section_order, financial_year, item_order, dimension NULLS FIRST) AS sort_order,
       section, measure, label, financial_year, dimension, value, unit, target, target_kind, target_year, status, detail
FROM rows
