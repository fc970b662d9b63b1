-- Meet-the-buyer events per financial year against the strategy's targets.
-- A year the register does not reach (before its first or after its last event's year)
-- has NULL events and status 'no figure', not zero.
WITH counted AS (
    SELECT financial_year,
           count(*) AS events,
           sum(attendees)::BIGINT AS attendees,
           sum(local_attendees)::BIGINT AS local_attendees
    FROM core.register_events
    GROUP BY financial_year
),
target AS (
    SELECT financial_year, figure::BIGINT AS target_events, direction
    FROM core.register_targets
    WHERE measure = 'meet_the_buyer_events' AND kind = 'target'
),
span AS (
    SELECT min(financial_year) AS first_year, max(financial_year) AS last_year FROM core.register_events
),
years AS (
    SELECT financial_year FROM counted UNION SELECT financial_year FROM target
)
SELECT y.financial_year,
       CASE WHEN y.financial_year BETWEEN s.first_year AND s.last_year THEN coalesce(c.events, 0) END AS events,
       c.attendees,
       c.local_attendees,
       t.target_events,
       marts.target_status(
           CASE WHEN y.financial_year BETWEEN s.first_year AND s.last_year THEN coalesce(c.events, 0) END,
           t.target_events, t.direction, 0) AS status
FROM years y
CROSS JOIN span s
LEFT JOIN counted c USING (financial_year)
LEFT JOIN target t USING (financial_year)
ORDER BY y.financial_year
