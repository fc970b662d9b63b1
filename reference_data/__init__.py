"""Package data: read through importlib.resources, never by path from a checkout."""
