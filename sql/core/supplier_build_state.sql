-- The inputs of the last complete supplier build ($fingerprint), so the next one can tell
-- whether it only needs to resolve new ledger names.
CREATE TABLE IF NOT EXISTS staging.supplier_build_state (fingerprint VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL);
DELETE FROM staging.supplier_build_state;
INSERT INTO staging.supplier_build_state SELECT $fingerprint, current_timestamp::TIMESTAMP;
