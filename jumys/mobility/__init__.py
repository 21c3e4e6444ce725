"""Internal mobility: labour-surplus and labour-deficit regions, migration balances, the matching of job seekers
across regions, compatriots (docs/mobility.md, docs/matching.md)."""
