-- The payment lines of core.fct_payment, each with the band of marts.spend_band its absolute
-- amount falls in (lower bound included, upper bound excluded): band n in band_order is found
-- as 1 + the number of bands that end at or below the amount, then joined on that position.
-- This equals joining on lower_bound <= |amount| < upper_bound because the loader
-- (pipelines.kpis.read_spend_bands) checks that the bands tile 0 upwards in band_order, each
-- ending above where it starts; an equality join is a hash join, where that range join ran as a
-- piecewise merge join over every line, several times slower. Banding needs no supplier, so the
-- lines come from the fact table, not marts.payment_classified. Pasted by spend_bands_by_month
-- and spend_bands_by_year.
    SELECT p.*, b.band_order, b.band
    FROM (
        SELECT
            *,
            1 + len(list_filter(
                (SELECT list(upper_bound) FILTER (WHERE upper_bound IS NOT NULL) FROM marts.spend_band),
                lambda upper: upper <= abs(amount)
            )) AS band_position
        FROM core.fct_payment
    ) AS p
    JOIN (
        SELECT band_order, band, row_number() OVER (ORDER BY band_order) AS band_position
        FROM marts.spend_band
    ) AS b USING (band_position)
