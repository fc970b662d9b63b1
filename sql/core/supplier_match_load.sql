-- core.supplier_match is rebuilt whole from each resolution.
-- Input: supplier_match_rows (core.supplier_match columns).
DELETE FROM core.supplier_match;

INSERT INTO core.supplier_match BY NAME
SELECT * FROM supplier_match_rows;
