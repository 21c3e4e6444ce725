"""Internal mobility: labour-surplus and labour-deficit regions, migration balances, compatriots (docs/mobility.md)."""
