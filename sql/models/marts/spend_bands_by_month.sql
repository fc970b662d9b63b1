-- marts.spend_bands_by_month. A line is banded by its absolute amount (_banded_lines.sql), so a
-- credit sits with payments of its size and nets off there; the bands cover 0 upwards without
-- gaps, so no line is lost.
WITH per_band AS (
    SELECT
        p.body,
        p.month,
        p.financial_year,
        p.band_order,
        p.band,
        count(*) AS transaction_count,
        count(*) FILTER (WHERE p.amount < 0) AS credit_count,
        sum(p.amount) AS total_spend
    FROM (
        -- include models/marts/_banded_lines
    ) AS p
    GROUP BY ALL
)
SELECT
    *,
    marts.share_pct(transaction_count, sum(transaction_count) OVER (PARTITION BY body, month)) AS pct_of_transactions,
    marts.share_pct(total_spend, sum(total_spend) OVER (PARTITION BY body, month)) AS pct_of_total_spend
FROM per_band
