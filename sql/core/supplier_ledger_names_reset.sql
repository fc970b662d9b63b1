-- A full supplier build counts every ledger version's suppliers again: forget the counts kept.
DROP TABLE IF EXISTS staging.supplier_ledger_names;
