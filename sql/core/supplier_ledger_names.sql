-- Each ledger file version's distinct suppliers (name as typed + supplier id), with their
-- payments and spend, kept between builds so a build reads only the lines that are new since
-- the last one: what build_dim_supplier resolves, and its summary's spend.
--
-- A version's lines are written once, at load, with no supplier_key, and leave the warehouse
-- only with their whole path (supersede, retract). So a version's entry still holds while the
-- version has the same number of lines and all of them linked; any other version (new, grown,
-- shrunk, re-read under a changed override, or gone) is counted again from its own lines.
-- A full build drops the table first (core/supplier_ledger_names_reset): every version is then
-- counted again.
CREATE TABLE IF NOT EXISTS staging.supplier_ledger_names (
    source_file   VARCHAR NOT NULL,
    file_sha256   VARCHAR NOT NULL,
    supplier_name VARCHAR,
    supplier_id   VARCHAR,
    payments      BIGINT NOT NULL,
    amount        DECIMAL(38, 2) NOT NULL
);

CREATE OR REPLACE TEMP TABLE supplier_stale_versions AS
WITH present AS (
    SELECT source_file, file_sha256, count(*) AS payments, count(*) - count(supplier_key) AS unlinked
    FROM core.fct_payment
    GROUP BY ALL
),
counted AS (
    SELECT source_file, file_sha256, sum(payments) AS payments
    FROM staging.supplier_ledger_names
    GROUP BY ALL
)
SELECT source_file, file_sha256
FROM present p
FULL JOIN counted c USING (source_file, file_sha256)
WHERE p.payments IS DISTINCT FROM c.payments OR p.unlinked > 0;

DELETE FROM staging.supplier_ledger_names n
USING supplier_stale_versions s
WHERE n.source_file = s.source_file AND n.file_sha256 = s.file_sha256;

INSERT INTO staging.supplier_ledger_names
SELECT p.source_file, p.file_sha256, p.supplier_name, p.supplier_id, count(*), sum(p.amount)
FROM core.fct_payment p
JOIN supplier_stale_versions s ON p.source_file = s.source_file AND p.file_sha256 = s.file_sha256
GROUP BY ALL;
