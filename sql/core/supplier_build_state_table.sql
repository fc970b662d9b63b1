-- The inputs of the last complete supplier build, so the next one can tell whether it only
-- needs to resolve new ledger names.
CREATE TABLE IF NOT EXISTS staging.supplier_build_state (fingerprint VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL);
