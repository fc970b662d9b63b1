-- KPI marts: analyst-facing tables of the strategy's spend measures (issue 4).
-- pipelines/kpis.py fills them; every table and column carries a COMMENT so the schema
-- documents itself inside DuckDB. Generated once from a column list, then kept by hand.

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

CREATE TABLE IF NOT EXISTS marts.kpi_target (
    measure                            VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    target_pct                         DECIMAL(5,2),
    note                               VARCHAR
);
COMMENT ON TABLE marts.kpi_target IS 'Targets for the scorecard shares, loaded from reference_data/targets.csv (edit the CSV, not this table). A row with no target_pct keeps a target the strategy leaves tbc.';
COMMENT ON COLUMN marts.kpi_target.measure IS 'Share the target applies to: pct_local_primary, pct_sme or pct_vcs.';
COMMENT ON COLUMN marts.kpi_target.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.kpi_target.target_pct IS 'Target percentage 0-100; NULL when not yet set (tbc).';
COMMENT ON COLUMN marts.kpi_target.note IS 'Where the target comes from.';

CREATE TABLE IF NOT EXISTS marts.spend_band (
    band_order                         INTEGER NOT NULL,
    band                               VARCHAR NOT NULL,
    lower_bound                        DECIMAL(18,2),
    upper_bound                        DECIMAL(18,2),
    note                               VARCHAR
);
COMMENT ON TABLE marts.spend_band IS 'Financial Standing Orders spend bands, loaded from reference_data/spend_bands.csv. Bands are contiguous from 0 upwards; a band includes lower_bound and excludes upper_bound.';
COMMENT ON COLUMN marts.spend_band.band_order IS 'Position of the band, 1 = lowest.';
COMMENT ON COLUMN marts.spend_band.band IS 'Band label.';
COMMENT ON COLUMN marts.spend_band.lower_bound IS 'Lowest absolute amount in the band (included); NULL for the lowest band (from 0).';
COMMENT ON COLUMN marts.spend_band.upper_bound IS 'Absolute amount where the next band starts (excluded); NULL for the top band.';
COMMENT ON COLUMN marts.spend_band.note IS 'Where the band comes from.';

CREATE TABLE IF NOT EXISTS marts.kpi_spend_by_year (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    payment_count                      BIGINT,
    total_spend                        DECIMAL(18,2),
    local_primary_spend                DECIMAL(18,2),
    local_secondary_spend              DECIMAL(18,2),
    sme_spend                          DECIMAL(18,2),
    vcs_spend                          DECIMAL(18,2),
    local_sme_spend                    DECIMAL(18,2),
    deprived_area_spend                DECIMAL(18,2),
    unknown_location_spend             DECIMAL(18,2),
    redacted_spend                     DECIMAL(18,2),
    unclassified_spend                 DECIMAL(18,2),
    pct_local_primary                  DECIMAL(5,2),
    pct_local_secondary                DECIMAL(5,2),
    pct_sme                            DECIMAL(5,2),
    pct_vcs                            DECIMAL(5,2),
    pct_unclassified                   DECIMAL(5,2),
    supplier_count                     BIGINT,
    local_primary_supplier_count       BIGINT,
    local_secondary_supplier_count     BIGINT,
    sme_supplier_count                 BIGINT,
    vcs_supplier_count                 BIGINT,
    target_pct_local                   DECIMAL(5,2),
    local_target_status                VARCHAR,
    target_pct_sme                     DECIMAL(5,2),
    sme_target_status                  VARCHAR,
    target_pct_vcs                     DECIMAL(5,2),
    vcs_target_status                  VARCHAR
);
COMMENT ON TABLE marts.kpi_spend_by_year IS 'The strategy''s spend scorecard: one row per (body, financial_year) with spend, shares of spend, supplier counts and the targets from reference_data/targets.csv. Credits net off; redacted payees count in total_spend but never as local, SME or VCS.';
COMMENT ON COLUMN marts.kpi_spend_by_year.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.kpi_spend_by_year.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.kpi_spend_by_year.payment_count IS 'Payment lines in the period, credits included.';
COMMENT ON COLUMN marts.kpi_spend_by_year.total_spend IS 'Net spend in the period: sum of every payment line, credits (negative lines) netted off.';
COMMENT ON COLUMN marts.kpi_spend_by_year.local_primary_spend IS 'Net spend with suppliers classified local (primary: a postcode in the council''s own postcode area, LU for Luton).';
COMMENT ON COLUMN marts.kpi_spend_by_year.local_secondary_spend IS 'Net spend with suppliers classified local (secondary: within the wider area, Bedfordshire for Luton; includes primary-local suppliers located there).';
COMMENT ON COLUMN marts.kpi_spend_by_year.sme_spend IS 'Net spend with suppliers classified SME.';
COMMENT ON COLUMN marts.kpi_spend_by_year.vcs_spend IS 'Net spend with suppliers classified voluntary, community or social enterprise (VCS).';
COMMENT ON COLUMN marts.kpi_spend_by_year.local_sme_spend IS 'Net spend with suppliers classified both local (primary) and SME.';
COMMENT ON COLUMN marts.kpi_spend_by_year.deprived_area_spend IS 'Net spend with suppliers whose postcode lies in IMD decile 1 or 2 (the most deprived 20% of England).';
COMMENT ON COLUMN marts.kpi_spend_by_year.unknown_location_spend IS 'Net spend with suppliers whose location is unknown (is_local_primary NULL: no resolvable postcode, unresolved or redacted payee). Counted as not local in the shares.';
COMMENT ON COLUMN marts.kpi_spend_by_year.redacted_spend IS 'Net spend with payees redacted as personal data.';
COMMENT ON COLUMN marts.kpi_spend_by_year.unclassified_spend IS 'Net spend with no classification at all: payee redacted, payment not resolved to a supplier record, or a supplier record whose local, SME and VCS flags are all unknown.';
COMMENT ON COLUMN marts.kpi_spend_by_year.pct_local_primary IS 'local_primary_spend as a percentage (0-100) of total_spend, exact decimal arithmetic rounded half away from zero to 2 places; NULL when total_spend is not positive.';
COMMENT ON COLUMN marts.kpi_spend_by_year.pct_local_secondary IS 'local_secondary_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_year.pct_sme IS 'sme_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_year.pct_vcs IS 'vcs_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_year.pct_unclassified IS 'unclassified_spend as a percentage of total_spend (as pct_local_primary): how much of the picture is missing.';
COMMENT ON COLUMN marts.kpi_spend_by_year.supplier_count IS 'Distinct suppliers paid: supplier records with positive net spend in the period. Redacted payees and payments not resolved to a supplier are not counted.';
COMMENT ON COLUMN marts.kpi_spend_by_year.local_primary_supplier_count IS 'Suppliers counted in supplier_count that are local (primary).';
COMMENT ON COLUMN marts.kpi_spend_by_year.local_secondary_supplier_count IS 'Suppliers counted in supplier_count that are local (secondary).';
COMMENT ON COLUMN marts.kpi_spend_by_year.sme_supplier_count IS 'Suppliers counted in supplier_count that are SMEs.';
COMMENT ON COLUMN marts.kpi_spend_by_year.vcs_supplier_count IS 'Suppliers counted in supplier_count that are VCS organisations.';
COMMENT ON COLUMN marts.kpi_spend_by_year.target_pct_local IS 'Target for pct_local_primary in this financial year, from reference_data/targets.csv (measure pct_local_primary); NULL when none is set.';
COMMENT ON COLUMN marts.kpi_spend_by_year.local_target_status IS '''on track'' when pct_local_primary >= target_pct_local, ''off track'' when below, NULL when there is no target or no share.';
COMMENT ON COLUMN marts.kpi_spend_by_year.target_pct_sme IS 'Target for pct_sme in this financial year, from reference_data/targets.csv; NULL when none is set (the strategy says tbc).';
COMMENT ON COLUMN marts.kpi_spend_by_year.sme_target_status IS '''on track'' when pct_sme >= target_pct_sme, ''off track'' when below, NULL when there is no target or no share.';
COMMENT ON COLUMN marts.kpi_spend_by_year.target_pct_vcs IS 'Target for pct_vcs in this financial year, from reference_data/targets.csv; NULL when none is set (the strategy says tbc).';
COMMENT ON COLUMN marts.kpi_spend_by_year.vcs_target_status IS '''on track'' when pct_vcs >= target_pct_vcs, ''off track'' when below, NULL when there is no target or no share.';

CREATE TABLE IF NOT EXISTS marts.kpi_spend_by_month (
    body                               VARCHAR NOT NULL,
    month                              DATE NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    payment_count                      BIGINT,
    total_spend                        DECIMAL(18,2),
    local_primary_spend                DECIMAL(18,2),
    local_secondary_spend              DECIMAL(18,2),
    sme_spend                          DECIMAL(18,2),
    vcs_spend                          DECIMAL(18,2),
    local_sme_spend                    DECIMAL(18,2),
    deprived_area_spend                DECIMAL(18,2),
    unknown_location_spend             DECIMAL(18,2),
    redacted_spend                     DECIMAL(18,2),
    unclassified_spend                 DECIMAL(18,2),
    pct_local_primary                  DECIMAL(5,2),
    pct_local_secondary                DECIMAL(5,2),
    pct_sme                            DECIMAL(5,2),
    pct_vcs                            DECIMAL(5,2),
    pct_unclassified                   DECIMAL(5,2),
    supplier_count                     BIGINT,
    local_primary_supplier_count       BIGINT,
    local_secondary_supplier_count     BIGINT,
    sme_supplier_count                 BIGINT,
    vcs_supplier_count                 BIGINT,
    fytd_payment_count                 BIGINT,
    fytd_total_spend                   DECIMAL(18,2),
    fytd_local_primary_spend           DECIMAL(18,2),
    fytd_local_secondary_spend         DECIMAL(18,2),
    fytd_sme_spend                     DECIMAL(18,2),
    fytd_vcs_spend                     DECIMAL(18,2),
    fytd_local_sme_spend               DECIMAL(18,2),
    fytd_deprived_area_spend           DECIMAL(18,2),
    fytd_unknown_location_spend        DECIMAL(18,2),
    fytd_redacted_spend                DECIMAL(18,2),
    fytd_unclassified_spend            DECIMAL(18,2),
    fytd_pct_local_primary             DECIMAL(5,2),
    fytd_pct_local_secondary           DECIMAL(5,2),
    fytd_pct_sme                       DECIMAL(5,2),
    fytd_pct_vcs                       DECIMAL(5,2),
    fytd_pct_unclassified              DECIMAL(5,2),
    fytd_supplier_count                BIGINT,
    fytd_local_primary_supplier_count  BIGINT,
    fytd_local_secondary_supplier_count BIGINT,
    fytd_sme_supplier_count            BIGINT,
    fytd_vcs_supplier_count            BIGINT,
    target_pct_local                   DECIMAL(5,2),
    local_target_status                VARCHAR,
    target_pct_sme                     DECIMAL(5,2),
    sme_target_status                  VARCHAR,
    target_pct_vcs                     DECIMAL(5,2),
    vcs_target_status                  VARCHAR
);
COMMENT ON TABLE marts.kpi_spend_by_month IS 'The scorecard per (body, month), with the month''s own measures and financial-year-to-date (fytd_) measures; target statuses compare the fytd share with the year''s target. Rebuilding a month also refreshes the fytd columns of the later months of its financial year.';
COMMENT ON COLUMN marts.kpi_spend_by_month.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.kpi_spend_by_month.month IS 'First day of the calendar month.';
COMMENT ON COLUMN marts.kpi_spend_by_month.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.kpi_spend_by_month.payment_count IS 'Payment lines in the period, credits included.';
COMMENT ON COLUMN marts.kpi_spend_by_month.total_spend IS 'Net spend in the period: sum of every payment line, credits (negative lines) netted off.';
COMMENT ON COLUMN marts.kpi_spend_by_month.local_primary_spend IS 'Net spend with suppliers classified local (primary: a postcode in the council''s own postcode area, LU for Luton).';
COMMENT ON COLUMN marts.kpi_spend_by_month.local_secondary_spend IS 'Net spend with suppliers classified local (secondary: within the wider area, Bedfordshire for Luton; includes primary-local suppliers located there).';
COMMENT ON COLUMN marts.kpi_spend_by_month.sme_spend IS 'Net spend with suppliers classified SME.';
COMMENT ON COLUMN marts.kpi_spend_by_month.vcs_spend IS 'Net spend with suppliers classified voluntary, community or social enterprise (VCS).';
COMMENT ON COLUMN marts.kpi_spend_by_month.local_sme_spend IS 'Net spend with suppliers classified both local (primary) and SME.';
COMMENT ON COLUMN marts.kpi_spend_by_month.deprived_area_spend IS 'Net spend with suppliers whose postcode lies in IMD decile 1 or 2 (the most deprived 20% of England).';
COMMENT ON COLUMN marts.kpi_spend_by_month.unknown_location_spend IS 'Net spend with suppliers whose location is unknown (is_local_primary NULL: no resolvable postcode, unresolved or redacted payee). Counted as not local in the shares.';
COMMENT ON COLUMN marts.kpi_spend_by_month.redacted_spend IS 'Net spend with payees redacted as personal data.';
COMMENT ON COLUMN marts.kpi_spend_by_month.unclassified_spend IS 'Net spend with no classification at all: payee redacted, payment not resolved to a supplier record, or a supplier record whose local, SME and VCS flags are all unknown.';
COMMENT ON COLUMN marts.kpi_spend_by_month.pct_local_primary IS 'local_primary_spend as a percentage (0-100) of total_spend, exact decimal arithmetic rounded half away from zero to 2 places; NULL when total_spend is not positive.';
COMMENT ON COLUMN marts.kpi_spend_by_month.pct_local_secondary IS 'local_secondary_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_month.pct_sme IS 'sme_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_month.pct_vcs IS 'vcs_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_month.pct_unclassified IS 'unclassified_spend as a percentage of total_spend (as pct_local_primary): how much of the picture is missing.';
COMMENT ON COLUMN marts.kpi_spend_by_month.supplier_count IS 'Distinct suppliers paid: supplier records with positive net spend in the period. Redacted payees and payments not resolved to a supplier are not counted.';
COMMENT ON COLUMN marts.kpi_spend_by_month.local_primary_supplier_count IS 'Suppliers counted in supplier_count that are local (primary).';
COMMENT ON COLUMN marts.kpi_spend_by_month.local_secondary_supplier_count IS 'Suppliers counted in supplier_count that are local (secondary).';
COMMENT ON COLUMN marts.kpi_spend_by_month.sme_supplier_count IS 'Suppliers counted in supplier_count that are SMEs.';
COMMENT ON COLUMN marts.kpi_spend_by_month.vcs_supplier_count IS 'Suppliers counted in supplier_count that are VCS organisations.';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_payment_count IS 'Payment lines in the period, credits included. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_total_spend IS 'Net spend in the period: sum of every payment line, credits (negative lines) netted off. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_local_primary_spend IS 'Net spend with suppliers classified local (primary: a postcode in the council''s own postcode area, LU for Luton). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_local_secondary_spend IS 'Net spend with suppliers classified local (secondary: within the wider area, Bedfordshire for Luton; includes primary-local suppliers located there). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_sme_spend IS 'Net spend with suppliers classified SME. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_vcs_spend IS 'Net spend with suppliers classified voluntary, community or social enterprise (VCS). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_local_sme_spend IS 'Net spend with suppliers classified both local (primary) and SME. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_deprived_area_spend IS 'Net spend with suppliers whose postcode lies in IMD decile 1 or 2 (the most deprived 20% of England). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_unknown_location_spend IS 'Net spend with suppliers whose location is unknown (is_local_primary NULL: no resolvable postcode, unresolved or redacted payee). Counted as not local in the shares. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_redacted_spend IS 'Net spend with payees redacted as personal data. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_unclassified_spend IS 'Net spend with no classification at all: payee redacted, payment not resolved to a supplier record, or a supplier record whose local, SME and VCS flags are all unknown. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_pct_local_primary IS 'local_primary_spend as a percentage (0-100) of total_spend, exact decimal arithmetic rounded half away from zero to 2 places; NULL when total_spend is not positive. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_pct_local_secondary IS 'local_secondary_spend as a percentage of total_spend (as pct_local_primary). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_pct_sme IS 'sme_spend as a percentage of total_spend (as pct_local_primary). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_pct_vcs IS 'vcs_spend as a percentage of total_spend (as pct_local_primary). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_pct_unclassified IS 'unclassified_spend as a percentage of total_spend (as pct_local_primary): how much of the picture is missing. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_supplier_count IS 'Distinct suppliers paid: supplier records with positive net spend in the period. Redacted payees and payments not resolved to a supplier are not counted. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_local_primary_supplier_count IS 'Suppliers counted in supplier_count that are local (primary). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_local_secondary_supplier_count IS 'Suppliers counted in supplier_count that are local (secondary). Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_sme_supplier_count IS 'Suppliers counted in supplier_count that are SMEs. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.fytd_vcs_supplier_count IS 'Suppliers counted in supplier_count that are VCS organisations. Financial year to date: April up to and including this month, computed over those months'' payment lines (not summed from monthly rows).';
COMMENT ON COLUMN marts.kpi_spend_by_month.target_pct_local IS 'Target for pct_local_primary in this financial year, from reference_data/targets.csv (measure pct_local_primary); NULL when none is set.';
COMMENT ON COLUMN marts.kpi_spend_by_month.local_target_status IS '''on track'' when fytd_pct_local_primary >= target_pct_local, ''off track'' when below, NULL when there is no target or no share.';
COMMENT ON COLUMN marts.kpi_spend_by_month.target_pct_sme IS 'Target for pct_sme in this financial year, from reference_data/targets.csv; NULL when none is set (the strategy says tbc).';
COMMENT ON COLUMN marts.kpi_spend_by_month.sme_target_status IS '''on track'' when fytd_pct_sme >= target_pct_sme, ''off track'' when below, NULL when there is no target or no share.';
COMMENT ON COLUMN marts.kpi_spend_by_month.target_pct_vcs IS 'Target for pct_vcs in this financial year, from reference_data/targets.csv; NULL when none is set (the strategy says tbc).';
COMMENT ON COLUMN marts.kpi_spend_by_month.vcs_target_status IS '''on track'' when fytd_pct_vcs >= target_pct_vcs, ''off track'' when below, NULL when there is no target or no share.';

CREATE TABLE IF NOT EXISTS marts.kpi_spend_by_service_area (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    expense_area                       VARCHAR NOT NULL,
    payment_count                      BIGINT,
    total_spend                        DECIMAL(18,2),
    local_primary_spend                DECIMAL(18,2),
    local_secondary_spend              DECIMAL(18,2),
    sme_spend                          DECIMAL(18,2),
    vcs_spend                          DECIMAL(18,2),
    local_sme_spend                    DECIMAL(18,2),
    deprived_area_spend                DECIMAL(18,2),
    unknown_location_spend             DECIMAL(18,2),
    redacted_spend                     DECIMAL(18,2),
    unclassified_spend                 DECIMAL(18,2),
    pct_local_primary                  DECIMAL(5,2),
    pct_local_secondary                DECIMAL(5,2),
    pct_sme                            DECIMAL(5,2),
    pct_vcs                            DECIMAL(5,2),
    pct_unclassified                   DECIMAL(5,2),
    supplier_count                     BIGINT,
    local_primary_supplier_count       BIGINT,
    local_secondary_supplier_count     BIGINT,
    sme_supplier_count                 BIGINT,
    vcs_supplier_count                 BIGINT
);
COMMENT ON TABLE marts.kpi_spend_by_service_area IS 'Scorecard measures per (body, financial_year, expense_area): who bought. Ledger lines with no expense area are grouped as ''Not stated''.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.expense_area IS 'Expense area or service as published in the ledger (the service area); ''Not stated'' when blank.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.payment_count IS 'Payment lines in the period, credits included.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.total_spend IS 'Net spend in the period: sum of every payment line, credits (negative lines) netted off.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.local_primary_spend IS 'Net spend with suppliers classified local (primary: a postcode in the council''s own postcode area, LU for Luton).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.local_secondary_spend IS 'Net spend with suppliers classified local (secondary: within the wider area, Bedfordshire for Luton; includes primary-local suppliers located there).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.sme_spend IS 'Net spend with suppliers classified SME.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.vcs_spend IS 'Net spend with suppliers classified voluntary, community or social enterprise (VCS).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.local_sme_spend IS 'Net spend with suppliers classified both local (primary) and SME.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.deprived_area_spend IS 'Net spend with suppliers whose postcode lies in IMD decile 1 or 2 (the most deprived 20% of England).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.unknown_location_spend IS 'Net spend with suppliers whose location is unknown (is_local_primary NULL: no resolvable postcode, unresolved or redacted payee). Counted as not local in the shares.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.redacted_spend IS 'Net spend with payees redacted as personal data.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.unclassified_spend IS 'Net spend with no classification at all: payee redacted, payment not resolved to a supplier record, or a supplier record whose local, SME and VCS flags are all unknown.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.pct_local_primary IS 'local_primary_spend as a percentage (0-100) of total_spend, exact decimal arithmetic rounded half away from zero to 2 places; NULL when total_spend is not positive.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.pct_local_secondary IS 'local_secondary_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.pct_sme IS 'sme_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.pct_vcs IS 'vcs_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.pct_unclassified IS 'unclassified_spend as a percentage of total_spend (as pct_local_primary): how much of the picture is missing.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.supplier_count IS 'Distinct suppliers paid: supplier records with positive net spend in the period. Redacted payees and payments not resolved to a supplier are not counted.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.local_primary_supplier_count IS 'Suppliers counted in supplier_count that are local (primary).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.local_secondary_supplier_count IS 'Suppliers counted in supplier_count that are local (secondary).';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.sme_supplier_count IS 'Suppliers counted in supplier_count that are SMEs.';
COMMENT ON COLUMN marts.kpi_spend_by_service_area.vcs_supplier_count IS 'Suppliers counted in supplier_count that are VCS organisations.';

CREATE TABLE IF NOT EXISTS marts.kpi_spend_by_expense_type (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    expense_type                       VARCHAR NOT NULL,
    payment_count                      BIGINT,
    total_spend                        DECIMAL(18,2),
    local_primary_spend                DECIMAL(18,2),
    local_secondary_spend              DECIMAL(18,2),
    sme_spend                          DECIMAL(18,2),
    vcs_spend                          DECIMAL(18,2),
    local_sme_spend                    DECIMAL(18,2),
    deprived_area_spend                DECIMAL(18,2),
    unknown_location_spend             DECIMAL(18,2),
    redacted_spend                     DECIMAL(18,2),
    unclassified_spend                 DECIMAL(18,2),
    pct_local_primary                  DECIMAL(5,2),
    pct_local_secondary                DECIMAL(5,2),
    pct_sme                            DECIMAL(5,2),
    pct_vcs                            DECIMAL(5,2),
    pct_unclassified                   DECIMAL(5,2),
    supplier_count                     BIGINT,
    local_primary_supplier_count       BIGINT,
    local_secondary_supplier_count     BIGINT,
    sme_supplier_count                 BIGINT,
    vcs_supplier_count                 BIGINT
);
COMMENT ON TABLE marts.kpi_spend_by_expense_type IS 'Scorecard measures per (body, financial_year, expense_type): what was bought. Ledger lines with no expense type are grouped as ''Not stated''.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.expense_type IS 'Expense type or account as published in the ledger; ''Not stated'' when blank.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.payment_count IS 'Payment lines in the period, credits included.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.total_spend IS 'Net spend in the period: sum of every payment line, credits (negative lines) netted off.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.local_primary_spend IS 'Net spend with suppliers classified local (primary: a postcode in the council''s own postcode area, LU for Luton).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.local_secondary_spend IS 'Net spend with suppliers classified local (secondary: within the wider area, Bedfordshire for Luton; includes primary-local suppliers located there).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.sme_spend IS 'Net spend with suppliers classified SME.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.vcs_spend IS 'Net spend with suppliers classified voluntary, community or social enterprise (VCS).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.local_sme_spend IS 'Net spend with suppliers classified both local (primary) and SME.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.deprived_area_spend IS 'Net spend with suppliers whose postcode lies in IMD decile 1 or 2 (the most deprived 20% of England).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.unknown_location_spend IS 'Net spend with suppliers whose location is unknown (is_local_primary NULL: no resolvable postcode, unresolved or redacted payee). Counted as not local in the shares.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.redacted_spend IS 'Net spend with payees redacted as personal data.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.unclassified_spend IS 'Net spend with no classification at all: payee redacted, payment not resolved to a supplier record, or a supplier record whose local, SME and VCS flags are all unknown.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.pct_local_primary IS 'local_primary_spend as a percentage (0-100) of total_spend, exact decimal arithmetic rounded half away from zero to 2 places; NULL when total_spend is not positive.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.pct_local_secondary IS 'local_secondary_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.pct_sme IS 'sme_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.pct_vcs IS 'vcs_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.pct_unclassified IS 'unclassified_spend as a percentage of total_spend (as pct_local_primary): how much of the picture is missing.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.supplier_count IS 'Distinct suppliers paid: supplier records with positive net spend in the period. Redacted payees and payments not resolved to a supplier are not counted.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.local_primary_supplier_count IS 'Suppliers counted in supplier_count that are local (primary).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.local_secondary_supplier_count IS 'Suppliers counted in supplier_count that are local (secondary).';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.sme_supplier_count IS 'Suppliers counted in supplier_count that are SMEs.';
COMMENT ON COLUMN marts.kpi_spend_by_expense_type.vcs_supplier_count IS 'Suppliers counted in supplier_count that are VCS organisations.';

CREATE TABLE IF NOT EXISTS marts.kpi_spend_by_category (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    category                           VARCHAR NOT NULL,
    payment_count                      BIGINT,
    total_spend                        DECIMAL(18,2),
    local_primary_spend                DECIMAL(18,2),
    local_secondary_spend              DECIMAL(18,2),
    sme_spend                          DECIMAL(18,2),
    vcs_spend                          DECIMAL(18,2),
    local_sme_spend                    DECIMAL(18,2),
    deprived_area_spend                DECIMAL(18,2),
    unknown_location_spend             DECIMAL(18,2),
    redacted_spend                     DECIMAL(18,2),
    unclassified_spend                 DECIMAL(18,2),
    pct_local_primary                  DECIMAL(5,2),
    pct_local_secondary                DECIMAL(5,2),
    pct_sme                            DECIMAL(5,2),
    pct_vcs                            DECIMAL(5,2),
    pct_unclassified                   DECIMAL(5,2),
    supplier_count                     BIGINT,
    local_primary_supplier_count       BIGINT,
    local_secondary_supplier_count     BIGINT,
    sme_supplier_count                 BIGINT,
    vcs_supplier_count                 BIGINT
);
COMMENT ON TABLE marts.kpi_spend_by_category IS 'Scorecard measures per (body, financial_year, category): the procurement (Proclass) category of the payment where the ledger gives one, otherwise the supplier''s Proclass level 1 from its classification record; ''Not known'' when neither is known, so the rows add up to the year''s total.';
COMMENT ON COLUMN marts.kpi_spend_by_category.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.kpi_spend_by_category.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.kpi_spend_by_category.category IS 'Payment''s procurement category from the ledger, else the supplier''s proclass_level1, else ''Not known''.';
COMMENT ON COLUMN marts.kpi_spend_by_category.payment_count IS 'Payment lines in the period, credits included.';
COMMENT ON COLUMN marts.kpi_spend_by_category.total_spend IS 'Net spend in the period: sum of every payment line, credits (negative lines) netted off.';
COMMENT ON COLUMN marts.kpi_spend_by_category.local_primary_spend IS 'Net spend with suppliers classified local (primary: a postcode in the council''s own postcode area, LU for Luton).';
COMMENT ON COLUMN marts.kpi_spend_by_category.local_secondary_spend IS 'Net spend with suppliers classified local (secondary: within the wider area, Bedfordshire for Luton; includes primary-local suppliers located there).';
COMMENT ON COLUMN marts.kpi_spend_by_category.sme_spend IS 'Net spend with suppliers classified SME.';
COMMENT ON COLUMN marts.kpi_spend_by_category.vcs_spend IS 'Net spend with suppliers classified voluntary, community or social enterprise (VCS).';
COMMENT ON COLUMN marts.kpi_spend_by_category.local_sme_spend IS 'Net spend with suppliers classified both local (primary) and SME.';
COMMENT ON COLUMN marts.kpi_spend_by_category.deprived_area_spend IS 'Net spend with suppliers whose postcode lies in IMD decile 1 or 2 (the most deprived 20% of England).';
COMMENT ON COLUMN marts.kpi_spend_by_category.unknown_location_spend IS 'Net spend with suppliers whose location is unknown (is_local_primary NULL: no resolvable postcode, unresolved or redacted payee). Counted as not local in the shares.';
COMMENT ON COLUMN marts.kpi_spend_by_category.redacted_spend IS 'Net spend with payees redacted as personal data.';
COMMENT ON COLUMN marts.kpi_spend_by_category.unclassified_spend IS 'Net spend with no classification at all: payee redacted, payment not resolved to a supplier record, or a supplier record whose local, SME and VCS flags are all unknown.';
COMMENT ON COLUMN marts.kpi_spend_by_category.pct_local_primary IS 'local_primary_spend as a percentage (0-100) of total_spend, exact decimal arithmetic rounded half away from zero to 2 places; NULL when total_spend is not positive.';
COMMENT ON COLUMN marts.kpi_spend_by_category.pct_local_secondary IS 'local_secondary_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_category.pct_sme IS 'sme_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_category.pct_vcs IS 'vcs_spend as a percentage of total_spend (as pct_local_primary).';
COMMENT ON COLUMN marts.kpi_spend_by_category.pct_unclassified IS 'unclassified_spend as a percentage of total_spend (as pct_local_primary): how much of the picture is missing.';
COMMENT ON COLUMN marts.kpi_spend_by_category.supplier_count IS 'Distinct suppliers paid: supplier records with positive net spend in the period. Redacted payees and payments not resolved to a supplier are not counted.';
COMMENT ON COLUMN marts.kpi_spend_by_category.local_primary_supplier_count IS 'Suppliers counted in supplier_count that are local (primary).';
COMMENT ON COLUMN marts.kpi_spend_by_category.local_secondary_supplier_count IS 'Suppliers counted in supplier_count that are local (secondary).';
COMMENT ON COLUMN marts.kpi_spend_by_category.sme_supplier_count IS 'Suppliers counted in supplier_count that are SMEs.';
COMMENT ON COLUMN marts.kpi_spend_by_category.vcs_supplier_count IS 'Suppliers counted in supplier_count that are VCS organisations.';

CREATE TABLE IF NOT EXISTS marts.top_suppliers (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    rank                               BIGINT NOT NULL,
    supplier_key                       VARCHAR,
    supplier_name                      VARCHAR NOT NULL,
    total_spend                        DECIMAL(18,2),
    payment_count                      BIGINT,
    pct_of_total_spend                 DECIMAL(5,2),
    is_redacted                        BOOLEAN NOT NULL,
    is_local_primary                   BOOLEAN,
    is_local_secondary                 BOOLEAN,
    is_sme                             BOOLEAN,
    is_vcs                             BOOLEAN,
    imd_decile                         INTEGER,
    proclass_level1                    VARCHAR
);
COMMENT ON TABLE marts.top_suppliers IS 'Every supplier paid per (body, financial_year), ranked by net spend; filter rank <= 10 for a top ten. Redacted payees are never named: they form one row ''Redacted (personal data)''. Payments not resolved to a supplier record form one row ''Supplier not resolved''.';
COMMENT ON COLUMN marts.top_suppliers.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.top_suppliers.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.top_suppliers.rank IS 'Rank by total_spend, highest first (1 = most spend; equal spend, equal rank).';
COMMENT ON COLUMN marts.top_suppliers.supplier_key IS 'Supplier in core.dim_supplier; NULL for the redacted and unresolved rows.';
COMMENT ON COLUMN marts.top_suppliers.supplier_name IS 'Supplier''s display name; ''Redacted (personal data)'' or ''Supplier not resolved'' for those rows.';
COMMENT ON COLUMN marts.top_suppliers.total_spend IS 'Net spend with the supplier in the year, credits netted off.';
COMMENT ON COLUMN marts.top_suppliers.payment_count IS 'Payment lines with the supplier in the year, credits included.';
COMMENT ON COLUMN marts.top_suppliers.pct_of_total_spend IS 'total_spend as a percentage of the body''s total spend in the year (exact, rounded half away from zero to 2 places).';
COMMENT ON COLUMN marts.top_suppliers.is_redacted IS 'True for the row of redacted payees.';
COMMENT ON COLUMN marts.top_suppliers.is_local_primary IS 'Supplier is local (primary); NULL when unknown.';
COMMENT ON COLUMN marts.top_suppliers.is_local_secondary IS 'Supplier is local (secondary); NULL when unknown.';
COMMENT ON COLUMN marts.top_suppliers.is_sme IS 'Supplier is an SME; NULL when unknown.';
COMMENT ON COLUMN marts.top_suppliers.is_vcs IS 'Supplier is a VCS organisation; NULL when unknown.';
COMMENT ON COLUMN marts.top_suppliers.imd_decile IS 'IMD decile of the supplier''s postcode (1 = most deprived); NULL when unknown.';
COMMENT ON COLUMN marts.top_suppliers.proclass_level1 IS 'Supplier''s Proclass level 1 category, where known.';

CREATE TABLE IF NOT EXISTS marts.leakage (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    category                           VARCHAR NOT NULL,
    rank                               BIGINT NOT NULL,
    total_spend                        DECIMAL(18,2),
    local_primary_spend                DECIMAL(18,2),
    non_local_spend                    DECIMAL(18,2),
    unknown_location_spend             DECIMAL(18,2),
    pct_local_primary                  DECIMAL(5,2),
    local_primary_supplier_count       BIGINT,
    non_local_supplier_count           BIGINT
);
COMMENT ON TABLE marts.leakage IS 'Where spend could move: per (body, financial_year, category), non-local spend in categories in which at least one local (primary) supplier already has positive net spend that year. Only categories with positive non-local spend are listed; category as in marts.kpi_spend_by_category, ''Not known'' excluded.';
COMMENT ON COLUMN marts.leakage.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.leakage.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.leakage.category IS 'Payment''s procurement category from the ledger, else the supplier''s proclass_level1.';
COMMENT ON COLUMN marts.leakage.rank IS 'Rank by non_local_spend within the body and year, highest first.';
COMMENT ON COLUMN marts.leakage.total_spend IS 'Net spend in the category.';
COMMENT ON COLUMN marts.leakage.local_primary_spend IS 'Net spend in the category with local (primary) suppliers.';
COMMENT ON COLUMN marts.leakage.non_local_spend IS 'Net spend in the category with suppliers known not to be local (primary): the spend that could move.';
COMMENT ON COLUMN marts.leakage.unknown_location_spend IS 'Net spend in the category with suppliers of unknown location (incl. redacted and unresolved payees).';
COMMENT ON COLUMN marts.leakage.pct_local_primary IS 'local_primary_spend as a percentage of total_spend; NULL when total_spend is not positive.';
COMMENT ON COLUMN marts.leakage.local_primary_supplier_count IS 'Local (primary) suppliers with positive net spend in the category: the local suppliers already winning this work.';
COMMENT ON COLUMN marts.leakage.non_local_supplier_count IS 'Suppliers known not to be local (primary) with positive net spend in the category.';

CREATE TABLE IF NOT EXISTS marts.new_local_suppliers (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    supplier_key                       VARCHAR NOT NULL,
    supplier_name                      VARCHAR NOT NULL,
    first_payment_date                 DATE NOT NULL,
    is_local_primary                   BOOLEAN,
    is_local_secondary                 BOOLEAN,
    is_sme                             BOOLEAN,
    is_vcs                             BOOLEAN,
    imd_decile                         INTEGER,
    total_spend                        DECIMAL(18,2),
    payment_count                      BIGINT,
    is_first_year_of_data              BOOLEAN NOT NULL
);
COMMENT ON TABLE marts.new_local_suppliers IS 'Local suppliers (primary or secondary) first paid in this financial year: the supplier''s first positive payment line to this body anywhere in the warehouse falls in the year. In the first financial year held in the warehouse every local supplier looks new (see is_first_year_of_data).';
COMMENT ON COLUMN marts.new_local_suppliers.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.new_local_suppliers.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.new_local_suppliers.supplier_key IS 'Supplier in core.dim_supplier.';
COMMENT ON COLUMN marts.new_local_suppliers.supplier_name IS 'Supplier''s display name.';
COMMENT ON COLUMN marts.new_local_suppliers.first_payment_date IS 'Date of the supplier''s first positive payment line from this body in the warehouse.';
COMMENT ON COLUMN marts.new_local_suppliers.is_local_primary IS 'Supplier is local (primary).';
COMMENT ON COLUMN marts.new_local_suppliers.is_local_secondary IS 'Supplier is local (secondary).';
COMMENT ON COLUMN marts.new_local_suppliers.is_sme IS 'Supplier is an SME; NULL when unknown.';
COMMENT ON COLUMN marts.new_local_suppliers.is_vcs IS 'Supplier is a VCS organisation; NULL when unknown.';
COMMENT ON COLUMN marts.new_local_suppliers.imd_decile IS 'IMD decile of the supplier''s postcode; NULL when unknown.';
COMMENT ON COLUMN marts.new_local_suppliers.total_spend IS 'Net spend with the supplier in this financial year.';
COMMENT ON COLUMN marts.new_local_suppliers.payment_count IS 'Payment lines with the supplier in this financial year.';
COMMENT ON COLUMN marts.new_local_suppliers.is_first_year_of_data IS 'True when this is the first financial year of this body''s payments in the warehouse, so ''new'' only means ''first seen''.';

CREATE TABLE IF NOT EXISTS marts.spend_bands_by_year (
    body                               VARCHAR NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    band_order                         INTEGER NOT NULL,
    band                               VARCHAR NOT NULL,
    transaction_count                  BIGINT,
    credit_count                       BIGINT,
    total_spend                        DECIMAL(18,2),
    pct_of_transactions                DECIMAL(5,2),
    pct_of_total_spend                 DECIMAL(5,2)
);
COMMENT ON TABLE marts.spend_bands_by_year IS 'Transactions and spend per Financial Standing Orders band per (body, financial_year). Bands from reference_data/spend_bands.csv: a line goes in the band of its absolute amount, lower bound included, upper bound excluded (so exactly £1,000.00 is in £1,000 to £5,000, exactly £5,000.00 in £5,000 to £100,000 and exactly £100,000.00 in £100,000 and above). The lowest band is partial: transparency ledgers list only payments over £500, so most smaller payments are not in the warehouse.';
COMMENT ON COLUMN marts.spend_bands_by_year.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.spend_bands_by_year.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.spend_bands_by_year.band_order IS 'Position of the band, 1 = lowest (from reference_data/spend_bands.csv).';
COMMENT ON COLUMN marts.spend_bands_by_year.band IS 'Financial Standing Orders band label.';
COMMENT ON COLUMN marts.spend_bands_by_year.transaction_count IS 'Payment lines whose absolute amount falls in the band (a band includes its lower bound and excludes its upper bound), credits included.';
COMMENT ON COLUMN marts.spend_bands_by_year.credit_count IS 'Of transaction_count, the credits (negative lines).';
COMMENT ON COLUMN marts.spend_bands_by_year.total_spend IS 'Net spend of those lines, credits netted off.';
COMMENT ON COLUMN marts.spend_bands_by_year.pct_of_transactions IS 'transaction_count as a percentage of the period''s payment lines.';
COMMENT ON COLUMN marts.spend_bands_by_year.pct_of_total_spend IS 'total_spend as a percentage of the period''s total spend; NULL when that is not positive.';

CREATE TABLE IF NOT EXISTS marts.spend_bands_by_month (
    body                               VARCHAR NOT NULL,
    month                              DATE NOT NULL,
    financial_year                     VARCHAR NOT NULL,
    band_order                         INTEGER NOT NULL,
    band                               VARCHAR NOT NULL,
    transaction_count                  BIGINT,
    credit_count                       BIGINT,
    total_spend                        DECIMAL(18,2),
    pct_of_transactions                DECIMAL(5,2),
    pct_of_total_spend                 DECIMAL(5,2)
);
COMMENT ON TABLE marts.spend_bands_by_month IS 'Transactions and spend per Financial Standing Orders band per (body, month). Bands from reference_data/spend_bands.csv: a line goes in the band of its absolute amount, lower bound included, upper bound excluded (so exactly £1,000.00 is in £1,000 to £5,000, exactly £5,000.00 in £5,000 to £100,000 and exactly £100,000.00 in £100,000 and above). The lowest band is partial: transparency ledgers list only payments over £500, so most smaller payments are not in the warehouse.';
COMMENT ON COLUMN marts.spend_bands_by_month.body IS 'Public body that made the payments.';
COMMENT ON COLUMN marts.spend_bands_by_month.month IS 'First day of the calendar month.';
COMMENT ON COLUMN marts.spend_bands_by_month.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.spend_bands_by_month.band_order IS 'Position of the band, 1 = lowest (from reference_data/spend_bands.csv).';
COMMENT ON COLUMN marts.spend_bands_by_month.band IS 'Financial Standing Orders band label.';
COMMENT ON COLUMN marts.spend_bands_by_month.transaction_count IS 'Payment lines whose absolute amount falls in the band (a band includes its lower bound and excludes its upper bound), credits included.';
COMMENT ON COLUMN marts.spend_bands_by_month.credit_count IS 'Of transaction_count, the credits (negative lines).';
COMMENT ON COLUMN marts.spend_bands_by_month.total_spend IS 'Net spend of those lines, credits netted off.';
COMMENT ON COLUMN marts.spend_bands_by_month.pct_of_transactions IS 'transaction_count as a percentage of the period''s payment lines.';
COMMENT ON COLUMN marts.spend_bands_by_month.pct_of_total_spend IS 'total_spend as a percentage of the period''s total spend; NULL when that is not positive.';

-- The join every mart starts from. A payment whose supplier_key is missing or unknown to
-- core.dim_supplier stays in (LEFT JOIN): its spend counts in the totals, as unclassified.
CREATE OR REPLACE VIEW marts.payment_classified AS
SELECT
    p.body,
    p.payment_date,
    p.financial_year,
    p.month,
    p.transaction_number,
    p.amount,
    coalesce(nullif(trim(p.expense_area), ''), 'Not stated') AS expense_area,
    coalesce(nullif(trim(p.expense_type), ''), 'Not stated') AS expense_type,
    coalesce(nullif(trim(p.procurement_category), ''), nullif(trim(s.proclass_level1), '')) AS category,
    s.supplier_key,
    CASE
        WHEN s.supplier_key IS NULL THEN 'Supplier not resolved'
        WHEN s.is_redacted THEN 'Redacted (personal data)'
        ELSE s.supplier_name
    END AS supplier_name,
    s.supplier_key IS NOT NULL AS is_resolved,
    coalesce(s.is_redacted, FALSE) AS is_redacted,
    -- A redacted payee is a person: never local, SME or VCS, whatever its record says.
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_local_primary END AS is_local_primary,
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_local_secondary END AS is_local_secondary,
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_sme END AS is_sme,
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_vcs END AS is_vcs,
    CASE WHEN s.is_redacted THEN NULL ELSE s.imd_decile END AS imd_decile,
    coalesce(NOT s.is_redacted AND s.imd_decile BETWEEN 1 AND 2, FALSE) AS is_deprived_area,
    s.supplier_key IS NULL
        OR s.is_redacted
        OR (s.is_local_primary IS NULL AND s.is_local_secondary IS NULL
            AND s.is_sme IS NULL AND s.is_vcs IS NULL) AS is_unclassified,
    s.proclass_level1,
    s.proclass_level2,
    s.match_method
FROM core.fct_payment AS p
LEFT JOIN core.dim_supplier AS s ON s.supplier_key = p.supplier_key;

COMMENT ON VIEW marts.payment_classified IS 'One row per payment line with its supplier''s classification: the base of every KPI mart, and the place for ad-hoc questions (e.g. share of one service''s spend that was local in a quarter: use marts.share_pct). Never shows the ledger''s payee text, so redacted payees stay unnamed.';
COMMENT ON COLUMN marts.payment_classified.body IS 'Public body that made the payment.';
COMMENT ON COLUMN marts.payment_classified.payment_date IS 'Date paid.';
COMMENT ON COLUMN marts.payment_classified.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN marts.payment_classified.month IS 'First day of the calendar month of payment_date.';
COMMENT ON COLUMN marts.payment_classified.transaction_number IS 'Transaction or reference number as published.';
COMMENT ON COLUMN marts.payment_classified.amount IS 'Net amount in pounds, DECIMAL(18,2); negative for credits.';
COMMENT ON COLUMN marts.payment_classified.expense_area IS 'Expense area or service (the service area); ''Not stated'' when blank.';
COMMENT ON COLUMN marts.payment_classified.expense_type IS 'Expense type or account; ''Not stated'' when blank.';
COMMENT ON COLUMN marts.payment_classified.category IS 'Payment''s procurement category from the ledger, else the supplier''s proclass_level1; NULL when neither is known.';
COMMENT ON COLUMN marts.payment_classified.supplier_key IS 'Supplier in core.dim_supplier; NULL when not resolved.';
COMMENT ON COLUMN marts.payment_classified.supplier_name IS 'Supplier''s display name from core.dim_supplier, never the ledger text: ''Redacted (personal data)'' for redacted payees, ''Supplier not resolved'' when no supplier record.';
COMMENT ON COLUMN marts.payment_classified.is_resolved IS 'The payment reached a supplier record in core.dim_supplier.';
COMMENT ON COLUMN marts.payment_classified.is_redacted IS 'The payee is redacted as personal data.';
COMMENT ON COLUMN marts.payment_classified.is_local_primary IS 'Supplier is local (primary); NULL when unknown.';
COMMENT ON COLUMN marts.payment_classified.is_local_secondary IS 'Supplier is local (secondary); NULL when unknown.';
COMMENT ON COLUMN marts.payment_classified.is_sme IS 'Supplier is an SME; NULL when unknown.';
COMMENT ON COLUMN marts.payment_classified.is_vcs IS 'Supplier is a VCS organisation; NULL when unknown.';
COMMENT ON COLUMN marts.payment_classified.imd_decile IS 'IMD decile of the supplier''s postcode (1 = most deprived); NULL when unknown.';
COMMENT ON COLUMN marts.payment_classified.is_deprived_area IS 'Supplier''s postcode is in IMD decile 1 or 2 (false when unknown).';
COMMENT ON COLUMN marts.payment_classified.is_unclassified IS 'No classification at all: redacted, not resolved, or local, SME and VCS flags all unknown.';
COMMENT ON COLUMN marts.payment_classified.proclass_level1 IS 'Supplier''s Proclass level 1, where known.';
COMMENT ON COLUMN marts.payment_classified.proclass_level2 IS 'Supplier''s Proclass level 2, where known.';
COMMENT ON COLUMN marts.payment_classified.match_method IS 'How the ledger name reached the supplier record (see core.dim_supplier).';
