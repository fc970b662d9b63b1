-- Record the inputs of the supplier build just completed ($fingerprint).
-- include core/supplier_build_state_table
DELETE FROM staging.supplier_build_state;
INSERT INTO staging.supplier_build_state SELECT $fingerprint, current_timestamp::TIMESTAMP;
