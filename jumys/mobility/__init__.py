"""Internal mobility: labour-surplus and labour-deficit regions, resettlement and kandas, compatriots abroad."""
