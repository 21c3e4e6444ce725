"""Internal mobility: labour-surplus and labour-deficit regions, migration balances, the matching of seekers across regions, compatriots (docs/mobility.md)."""
