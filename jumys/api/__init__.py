"""The API: a thin door onto the read models of jumys.reports and the verbs of the domains."""
