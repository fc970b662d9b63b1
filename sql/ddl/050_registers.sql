-- The procurement team's registers (pipelines/registers fills them from LANDING/registers/).
-- Every run rebuilds these tables from the register files then in the landing folder:
-- a register is the team's current spreadsheet, not an append-only feed.
-- Provenance columns are the same on every table: source_file (relative to the landing
-- folder), file_sha256, source_sheet (XLSX only), source_line (1-based line or row).

CREATE TABLE IF NOT EXISTS core.register_procurement_exercises (
    reference           VARCHAR NOT NULL,
    title               VARCHAR NOT NULL,
    route               VARCHAR NOT NULL,
    start_date          DATE NOT NULL,
    award_date          DATE,
    value               DECIMAL(18,2),
    awarded_supplier    VARCHAR,
    financial_year      VARCHAR,
    cycle_days          INTEGER,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);
COMMENT ON TABLE core.register_procurement_exercises IS 'Procurement exercises register: one row per exercise, from start to award.';
COMMENT ON COLUMN core.register_procurement_exercises.reference IS 'The exercise''s unique reference.';
COMMENT ON COLUMN core.register_procurement_exercises.title IS 'What is being bought.';
COMMENT ON COLUMN core.register_procurement_exercises.route IS 'quick quote | framework call-off | restricted procedure | open procedure | framework over threshold.';
COMMENT ON COLUMN core.register_procurement_exercises.start_date IS 'Day the exercise started.';
COMMENT ON COLUMN core.register_procurement_exercises.award_date IS 'Day the contract was awarded; NULL while in progress.';
COMMENT ON COLUMN core.register_procurement_exercises.value IS 'Awarded (or estimated) contract value in pounds.';
COMMENT ON COLUMN core.register_procurement_exercises.awarded_supplier IS 'Name of the winning supplier, as typed.';
COMMENT ON COLUMN core.register_procurement_exercises.financial_year IS 'Financial year of award_date (April-March, ''2019/20''); NULL while in progress. Cycle times count in the year of award.';
COMMENT ON COLUMN core.register_procurement_exercises.cycle_days IS 'Calendar days from start_date to award_date.';
COMMENT ON COLUMN core.register_procurement_exercises.source_file IS 'Register file, relative to the landing folder.';
COMMENT ON COLUMN core.register_procurement_exercises.file_sha256 IS 'SHA-256 of the register file''s bytes.';
COMMENT ON COLUMN core.register_procurement_exercises.source_sheet IS 'Worksheet name, for XLSX registers.';
COMMENT ON COLUMN core.register_procurement_exercises.source_line IS '1-based physical line (CSV) or row (XLSX) in the register file.';

CREATE TABLE IF NOT EXISTS core.register_exemptions (
    reference           VARCHAR NOT NULL,
    date_received       DATE NOT NULL,
    decision            VARCHAR NOT NULL,
    decision_date       DATE,
    value               DECIMAL(18,2),
    reason              VARCHAR,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);
COMMENT ON TABLE core.register_exemptions IS 'Exemptions register: one row per request to be exempted from the contract procedure rules.';
COMMENT ON COLUMN core.register_exemptions.reference IS 'The exemption''s unique reference.';
COMMENT ON COLUMN core.register_exemptions.date_received IS 'Day the request was received.';
COMMENT ON COLUMN core.register_exemptions.decision IS 'approved | rejected | pending.';
COMMENT ON COLUMN core.register_exemptions.decision_date IS 'Day of the decision; NULL while pending or not recorded.';
COMMENT ON COLUMN core.register_exemptions.value IS 'Value of the contract to be exempted, in pounds.';
COMMENT ON COLUMN core.register_exemptions.reason IS 'Why the exemption was requested.';
COMMENT ON COLUMN core.register_exemptions.financial_year IS 'Financial year of date_received: a request and its decision count in the year it was received.';
COMMENT ON COLUMN core.register_exemptions.source_file IS 'Register file, relative to the landing folder.';
COMMENT ON COLUMN core.register_exemptions.file_sha256 IS 'SHA-256 of the register file''s bytes.';
COMMENT ON COLUMN core.register_exemptions.source_sheet IS 'Worksheet name, for XLSX registers.';
COMMENT ON COLUMN core.register_exemptions.source_line IS '1-based physical line (CSV) or row (XLSX) in the register file.';

CREATE TABLE IF NOT EXISTS core.register_events (
    event_date          DATE NOT NULL,
    title               VARCHAR NOT NULL,
    attendees           INTEGER,
    local_attendees     INTEGER,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);
COMMENT ON TABLE core.register_events IS 'Meet-the-buyer events register: one row per event.';
COMMENT ON COLUMN core.register_events.event_date IS 'Day of the event.';
COMMENT ON COLUMN core.register_events.title IS 'Name of the event.';
COMMENT ON COLUMN core.register_events.attendees IS 'Suppliers'' delegates who attended.';
COMMENT ON COLUMN core.register_events.local_attendees IS 'Attendees from local (primary) businesses.';
COMMENT ON COLUMN core.register_events.financial_year IS 'Financial year of event_date.';
COMMENT ON COLUMN core.register_events.source_file IS 'Register file, relative to the landing folder.';
COMMENT ON COLUMN core.register_events.file_sha256 IS 'SHA-256 of the register file''s bytes.';
COMMENT ON COLUMN core.register_events.source_sheet IS 'Worksheet name, for XLSX registers.';
COMMENT ON COLUMN core.register_events.source_line IS '1-based physical line (CSV) or row (XLSX) in the register file.';

CREATE TABLE IF NOT EXISTS core.register_savings (
    saving_date         DATE,
    description         VARCHAR NOT NULL,
    saving_type         VARCHAR NOT NULL,
    amount              DECIMAL(18,2) NOT NULL,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);
COMMENT ON TABLE core.register_savings IS 'Savings register: one row per saving achieved through procurement.';
COMMENT ON COLUMN core.register_savings.saving_date IS 'Day the saving was agreed, where given.';
COMMENT ON COLUMN core.register_savings.description IS 'What was saved and how.';
COMMENT ON COLUMN core.register_savings.saving_type IS 'cashable | non-cashable | cost avoidance.';
COMMENT ON COLUMN core.register_savings.amount IS 'The saving in pounds, exact to the penny.';
COMMENT ON COLUMN core.register_savings.financial_year IS 'Financial year as given, or else of saving_date.';
COMMENT ON COLUMN core.register_savings.source_file IS 'Register file, relative to the landing folder.';
COMMENT ON COLUMN core.register_savings.file_sha256 IS 'SHA-256 of the register file''s bytes.';
COMMENT ON COLUMN core.register_savings.source_sheet IS 'Worksheet name, for XLSX registers.';
COMMENT ON COLUMN core.register_savings.source_line IS '1-based physical line (CSV) or row (XLSX) in the register file.';

CREATE TABLE IF NOT EXISTS core.register_quick_quotes (
    reference           VARCHAR NOT NULL,
    quote_date          DATE NOT NULL,
    title               VARCHAR,
    supplier_name       VARCHAR NOT NULL,
    supplier_name_normalised VARCHAR,
    supplier_postcode   VARCHAR,
    is_local            BOOLEAN,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);
COMMENT ON TABLE core.register_quick_quotes IS 'Quick quotes register: one row per supplier invited to a quick quote.';
COMMENT ON COLUMN core.register_quick_quotes.reference IS 'The quick quote''s reference, repeated on each invited supplier''s row.';
COMMENT ON COLUMN core.register_quick_quotes.quote_date IS 'Day the quick quote was issued.';
COMMENT ON COLUMN core.register_quick_quotes.title IS 'What is being bought.';
COMMENT ON COLUMN core.register_quick_quotes.supplier_name IS 'Invited supplier''s name, as typed.';
COMMENT ON COLUMN core.register_quick_quotes.supplier_name_normalised IS 'Matching key of supplier_name (pipelines.suppliers.names.normalise_name), as core.dim_supplier.name_normalised.';
COMMENT ON COLUMN core.register_quick_quotes.supplier_postcode IS 'Invited supplier''s postcode, normalised ''LU1 2BQ''.';
COMMENT ON COLUMN core.register_quick_quotes.is_local IS 'The register''s own Local? flag: the last resort when neither the supplier record nor the postcode decides.';
COMMENT ON COLUMN core.register_quick_quotes.financial_year IS 'Financial year of quote_date.';
COMMENT ON COLUMN core.register_quick_quotes.source_file IS 'Register file, relative to the landing folder.';
COMMENT ON COLUMN core.register_quick_quotes.file_sha256 IS 'SHA-256 of the register file''s bytes.';
COMMENT ON COLUMN core.register_quick_quotes.source_sheet IS 'Worksheet name, for XLSX registers.';
COMMENT ON COLUMN core.register_quick_quotes.source_line IS '1-based physical line (CSV) or row (XLSX) in the register file.';

CREATE TABLE IF NOT EXISTS core.register_social_value (
    contract_reference  VARCHAR NOT NULL,
    supplier            VARCHAR NOT NULL,
    theme               VARCHAR NOT NULL,
    toms_code           VARCHAR,
    measure             VARCHAR,
    unit                VARCHAR NOT NULL,
    committed_value     DECIMAL(18,2),
    delivered_value     DECIMAL(18,2),
    record_date         DATE NOT NULL,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);
COMMENT ON TABLE core.register_social_value IS 'Social value register: what a supplier committed to and delivered under one contract, theme and (where given) National TOMs measure.';
COMMENT ON COLUMN core.register_social_value.contract_reference IS 'The contract under which the social value is committed.';
COMMENT ON COLUMN core.register_social_value.supplier IS 'Supplier name, as typed.';
COMMENT ON COLUMN core.register_social_value.theme IS 'real living wage | local recruitment, skills and staff development | community health and wellbeing.';
COMMENT ON COLUMN core.register_social_value.toms_code IS 'National TOMs measure code (e.g. NT1) where the register gives one.';
COMMENT ON COLUMN core.register_social_value.measure IS 'What is measured, in words.';
COMMENT ON COLUMN core.register_social_value.unit IS 'Unit of committed_value and delivered_value: ''£'' for money, otherwise as typed in lower case (people, hours, weeks...).';
COMMENT ON COLUMN core.register_social_value.committed_value IS 'What the supplier committed to, in unit (exact decimal; pounds when unit is £).';
COMMENT ON COLUMN core.register_social_value.delivered_value IS 'What has been delivered, in unit (exact decimal; pounds when unit is £).';
COMMENT ON COLUMN core.register_social_value.record_date IS 'Day the figures were recorded.';
COMMENT ON COLUMN core.register_social_value.financial_year IS 'Financial year of record_date.';
COMMENT ON COLUMN core.register_social_value.source_file IS 'Register file, relative to the landing folder.';
COMMENT ON COLUMN core.register_social_value.file_sha256 IS 'SHA-256 of the register file''s bytes.';
COMMENT ON COLUMN core.register_social_value.source_sheet IS 'Worksheet name, for XLSX registers.';
COMMENT ON COLUMN core.register_social_value.source_line IS '1-based physical line (CSV) or row (XLSX) in the register file.';

-- reference_data/register_targets.csv, loaded by build_register_marts.
CREATE TABLE IF NOT EXISTS core.register_targets (
    measure             VARCHAR NOT NULL,
    financial_year      VARCHAR,
    dimension           VARCHAR,
    figure              DECIMAL(18,2) NOT NULL,
    kind                VARCHAR NOT NULL,
    direction           VARCHAR NOT NULL,
    unit                VARCHAR NOT NULL,
    source              VARCHAR
);
COMMENT ON TABLE core.register_targets IS 'The strategy''s targets, baselines and current figures for the register measures (reference_data/register_targets.csv).';
COMMENT ON COLUMN core.register_targets.measure IS 'Measure name, as in marts.register_scorecard.measure.';
COMMENT ON COLUMN core.register_targets.financial_year IS 'Year the figure applies to; NULL when it applies to every year.';
COMMENT ON COLUMN core.register_targets.dimension IS 'Route for cycle times; NULL otherwise.';
COMMENT ON COLUMN core.register_targets.figure IS 'The target, baseline or current figure, in unit.';
COMMENT ON COLUMN core.register_targets.kind IS 'target (to reach) | baseline (a past year to improve on) | current (the strategy''s current figure, to improve on).';
COMMENT ON COLUMN core.register_targets.direction IS 'higher_is_better | lower_is_better | none (reported against the figure, no status).';
COMMENT ON COLUMN core.register_targets.unit IS 'days | count | GBP | percent.';
COMMENT ON COLUMN core.register_targets.source IS 'Where the figure comes from, and any interpretation made.';
