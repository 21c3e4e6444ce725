"""The command line: thin commands over the domains' services."""
