"""Foreign labour: quotas, their ledger, and permit applications decided by the rules (docs/permits.md)."""
