-- The migration balance of each region by year, :first_year to :year: arrivals from other regions
-- minus departures to other regions, from the migration file (a move inside one region is neither).
-- A year the migration file has no row for takes the official net_migration of region_stats
-- instead (mob_stats, 02_region_stats.sql). `source` says which (read in jumys/mobility/regions.py).
CREATE TEMP TABLE mob_flows AS
SELECT year, region, SUM(arrivals) AS arrivals, SUM(departures) AS departures
FROM (
    SELECT year, substr(to_kato, 1, 2) AS region, persons AS arrivals, 0 AS departures
    FROM migration
    WHERE year BETWEEN :first_year AND :year AND substr(from_kato, 1, 2) <> substr(to_kato, 1, 2)
    UNION ALL
    SELECT year, substr(from_kato, 1, 2) AS region, 0 AS arrivals, persons AS departures
    FROM migration
    WHERE year BETWEEN :first_year AND :year AND substr(from_kato, 1, 2) <> substr(to_kato, 1, 2)
) moves
GROUP BY year, region;

CREATE TEMP TABLE mob_flow_years AS
SELECT DISTINCT year FROM migration WHERE year BETWEEN :first_year AND :year;

CREATE TEMP TABLE mob_stat_balance AS
SELECT region, year, value AS net
FROM mob_stats
WHERE indicator = 'net_migration' AND year NOT IN (SELECT year FROM mob_flow_years);
