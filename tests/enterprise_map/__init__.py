"""The digital map of enterprises (issue 10): its read models, as each role sees them."""
