-- Share of quick quotes that invited at least one local (primary) supplier, per financial year.
-- Built on marts.register_quick_quote_invites (run first). A quote none of whose invited
-- suppliers is known to be local counts as not inviting one; quotes_with_unknown_invites
-- says how many of those had an invited supplier whose location is unknown.
WITH quote AS (
    SELECT financial_year,
           reference,
           count(*) AS invites,
           count(*) FILTER (WHERE is_local) AS local_invites,
           coalesce(bool_or(is_local), false) AS invited_local,
           count(*) FILTER (WHERE is_local IS NULL) > 0 AS has_unknown
    FROM marts.register_quick_quote_invites
    GROUP BY financial_year, reference
),
counted AS (
    SELECT financial_year,
           count(*) AS quick_quotes,
           sum(invites)::BIGINT AS invites,
           sum(local_invites)::BIGINT AS local_invites,
           count(*) FILTER (WHERE invited_local) AS quotes_with_local_invite,
           count(*) FILTER (WHERE NOT invited_local AND has_unknown) AS quotes_with_unknown_invites
    FROM quote
    GROUP BY financial_year
),
target AS (
    SELECT financial_year, figure AS target_percent, direction
    FROM core.register_targets
    WHERE measure = 'quick_quotes_local_share' AND kind = 'target'
)
SELECT c.financial_year,
       c.quick_quotes,
       c.invites,
       c.local_invites,
       c.quotes_with_local_invite,
       c.quotes_with_unknown_invites,
       round(100 * c.quotes_with_local_invite::DECIMAL(18, 4) / c.quick_quotes, 1)::DECIMAL(5, 1) AS local_share_percent,
       coalesce(t.target_percent, d.target_percent)::DECIMAL(5, 1) AS target_percent,
       marts.target_status(
           round(100 * c.quotes_with_local_invite::DECIMAL(18, 4) / c.quick_quotes, 1),
           coalesce(t.target_percent, d.target_percent), coalesce(t.direction, d.direction), 0) AS status
FROM counted c
LEFT JOIN target t ON t.financial_year = c.financial_year
LEFT JOIN target d ON d.financial_year IS NULL
ORDER BY c.financial_year
