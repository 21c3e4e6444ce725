"""Storage: engines, the schema metadata, revisions and bulk paths."""
