"""Payment ledger ingestion: every data line loaded, rejected with a reason, or a known duplicate."""
