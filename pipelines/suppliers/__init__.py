"""Suppliers: one record per supplier, classified local / SME / VCS with the evidence.

Public entry points (no Dagster): ingest_supplier_sources, build_dim_supplier,
link_payments, build_unmatched_suppliers.
"""

from anchorspend.pipelines.suppliers.build import (
    SupplierSummary,
    build_dim_supplier,
    build_unmatched_suppliers,
    link_payments,
)
from anchorspend.pipelines.suppliers.sources import ingest_supplier_sources

__all__ = [
    "SupplierSummary",
    "build_dim_supplier",
    "build_unmatched_suppliers",
    "ingest_supplier_sources",
    "link_payments",
]
