"""Checks: one module per check type, registered in ``factcheck.checks.registry``."""
