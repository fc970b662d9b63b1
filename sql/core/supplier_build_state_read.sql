-- The fingerprint of the last complete supplier build's inputs (no row before the first).
-- include core/supplier_build_state_table
SELECT fingerprint FROM staging.supplier_build_state;
