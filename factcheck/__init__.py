"""factcheck: a fact-check and consistency linter for prose corpora."""

__version__ = "0.1.0"
