"""Payment ledger ingestion: every data line loaded, rejected with a reason, or a known duplicate.

Entry points: `ingest_ledgers` (landing folder -> warehouse) and `read_ledger`
(one file -> parsed lines, no database).
"""

from anchorspend.pipelines.ledgers.load import FileResult, ingest_ledgers
from anchorspend.pipelines.ledgers.read import LedgerUnreadable, ParsedLedger, read_ledger

__all__ = ["FileResult", "LedgerUnreadable", "ParsedLedger", "ingest_ledgers", "read_ledger"]
