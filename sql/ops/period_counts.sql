-- A mart's rows per value of its period column {period} (month or financial_year).
SELECT {period}, count(*) AS row_count
FROM {table}
GROUP BY ALL
