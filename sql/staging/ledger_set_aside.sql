-- A ledger file version's named non-payment lines (header, repeated_header, preamble, footer,
-- continuation), in the caller's transaction, after staging/ledger_supersede removed the
-- previous version's.
-- Inputs: ledger_file (one row: source_file, file_sha256, ...), ledger_set_aside (source_sheet,
--         source_line, state, lines).
INSERT INTO audit.set_aside_lines (source_file, file_sha256, source_sheet, source_line, state, lines)
SELECT f.source_file, f.file_sha256, s.source_sheet, s.source_line, s.state, s.lines
FROM ledger_set_aside s
CROSS JOIN ledger_file f;
