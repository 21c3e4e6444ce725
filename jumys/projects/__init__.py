"""Investment projects: job-creation verification against the registries, scorecards, alerts."""
