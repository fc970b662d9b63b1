CREATE TABLE IF NOT EXISTS core.fct_payment (
    body                VARCHAR NOT NULL,
    payment_date        DATE NOT NULL,
    transaction_number  VARCHAR,
    supplier_name       VARCHAR NOT NULL,
    supplier_id         VARCHAR,
    amount              DECIMAL(18,2) NOT NULL,
    expense_type        VARCHAR,
    expense_area        VARCHAR,
    purpose             VARCHAR,
    procurement_category VARCHAR,
    financial_year      VARCHAR NOT NULL,
    month               DATE NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL,
    line_key            VARCHAR NOT NULL,
    supplier_key        VARCHAR
);
COMMENT ON TABLE core.fct_payment IS 'One row per loaded payment line from the council ledgers (spend over £500). Credits are negative and kept.';
COMMENT ON COLUMN core.fct_payment.body IS 'Public body that made the payment.';
COMMENT ON COLUMN core.fct_payment.payment_date IS 'Date paid (day-first in the source files).';
COMMENT ON COLUMN core.fct_payment.transaction_number IS 'Transaction or reference number as published.';
COMMENT ON COLUMN core.fct_payment.supplier_name IS 'Supplier name as typed in the ledger, trimmed.';
COMMENT ON COLUMN core.fct_payment.supplier_id IS 'Company, charity or VAT number, or the council''s supplier id, where the ledger gives one.';
COMMENT ON COLUMN core.fct_payment.amount IS 'Net amount in pounds, exact to the penny. Negative for credits.';
COMMENT ON COLUMN core.fct_payment.expense_type IS 'Expense type or account (what was bought).';
COMMENT ON COLUMN core.fct_payment.expense_area IS 'Expense area or service (who bought it).';
COMMENT ON COLUMN core.fct_payment.purpose IS 'Purpose or description of the payment.';
COMMENT ON COLUMN core.fct_payment.procurement_category IS 'Procurement (Proclass) category where the ledger gives one.';
COMMENT ON COLUMN core.fct_payment.financial_year IS 'UK financial year April-March, as ''2017/18''.';
COMMENT ON COLUMN core.fct_payment.month IS 'First day of the calendar month of payment_date.';
COMMENT ON COLUMN core.fct_payment.source_file IS 'Source file, relative to the landing folder.';
COMMENT ON COLUMN core.fct_payment.file_sha256 IS 'SHA-256 of the source file''s bytes.';
COMMENT ON COLUMN core.fct_payment.source_sheet IS 'Worksheet name, for XLSX sources.';
COMMENT ON COLUMN core.fct_payment.source_line IS '1-based physical line (CSV) or row (XLSX) in the source file.';
COMMENT ON COLUMN core.fct_payment.line_key IS 'Hash of the canonical values of the line; equal keys across files mark a republished line.';
COMMENT ON COLUMN core.fct_payment.supplier_key IS 'Resolved supplier in core.dim_supplier.';
