"""Rule files: YAML assertions validated by pydantic models."""
