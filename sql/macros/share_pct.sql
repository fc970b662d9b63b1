
-- Shares are exact: DuckDB divides DECIMALs in DOUBLE, so the percentage is worked out in
-- whole pence with integer division and rounded half away from zero to 2 places. NULL when
-- the total is not positive (a share of nothing, or of net credits, means nothing); TRY_CAST
-- turns an absurd share (beyond +-999.99, only possible when credits swamp a period) into NULL
-- rather than failing a nightly run.
CREATE OR REPLACE MACRO marts.share_pct(part, total) AS
    CASE WHEN total IS NULL OR total <= 0 OR part IS NULL THEN NULL
    ELSE TRY_CAST(
        (sign(part) * ((20000 * (abs(part) * 100)::HUGEINT + (total * 100)::HUGEINT)
                       // (2 * (total * 100)::HUGEINT)))::DECIMAL(38,0) * 0.01
        AS DECIMAL(5,2))
    END;
