-- marts.spend_bands_by_year; banding as in spend_bands_by_month.sql. The year reads the lines,
-- not the month mart: a rebuilt year holds every line of its months, rebuilt or not.
WITH per_band AS (
    SELECT
        p.body,
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
    marts.share_pct(transaction_count, sum(transaction_count) OVER (PARTITION BY body, financial_year)) AS pct_of_transactions,
    marts.share_pct(total_spend, sum(total_spend) OVER (PARTITION BY body, financial_year)) AS pct_of_total_spend
FROM per_band
