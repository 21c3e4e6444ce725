"""Reference data shipped inside the package, each file with its provenance (data/SOURCES.md).

regions (KATO, ISO 3166-2, map shapes), oked (economic activities), nkz (occupations),
countries (ISO 3166-1 alpha-3) and stats (the published figures the synthetic country is
calibrated to and forecasts are tested against). Import the module you need: nothing is
loaded until a function asks for it.
"""
