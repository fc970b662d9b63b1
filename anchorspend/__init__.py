"""anchorspend: spend analytics for UK public bodies."""
