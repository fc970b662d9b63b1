-- Every body: those the council file and bodies.toml name (registered by pipelines.bodies as
-- configured_bodies) and those the ledgers carry. A body named only by a file's body column,
-- and in no configuration, is of kind 'other'.
WITH loaded AS (
    SELECT body, count(*) AS payment_count
    FROM core.fct_payment
    GROUP BY body
)
SELECT
    body,
    coalesce(c.kind, 'other') AS kind,
    c.body IS NOT NULL AS is_configured,
    coalesce(l.payment_count, 0) AS payment_count
FROM configured_bodies AS c
FULL JOIN loaded AS l USING (body)
