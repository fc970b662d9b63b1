"""The deterministic sample landing folder: a development tool that nothing in the product imports."""
