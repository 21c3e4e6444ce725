"""Domain-free helpers: identifiers, masking, periods."""
