-- The migration balance of each region by year, :first_year to :year: arrivals from other regions
-- minus departures to other regions, from the migration file (a move inside one region is neither).
-- A year the migration file has no row for takes the official net_migration of region_stats
-- instead: the annual row (period 'YYYY') where there is one, else the sum of the monthly rows; a
-- region's row is the one of its smallest KATO code. `source` says which.
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
WITH picked AS (
    SELECT substr(s.kato, 1, 2) AS region, CAST(substr(s.period, 1, 4) AS INTEGER) AS year,
           COALESCE(MAX(CASE WHEN length(s.period) = 4 THEN s.value END),
                    SUM(CASE WHEN length(s.period) = 7 THEN s.value END)) AS net,
           row_number() OVER (PARTITION BY substr(s.kato, 1, 2), substr(s.period, 1, 4) ORDER BY s.kato) AS rn
    FROM region_stats s
    WHERE s.indicator = 'net_migration'
      AND CAST(substr(s.period, 1, 4) AS INTEGER) BETWEEN :first_year AND :year
    GROUP BY s.kato, substr(s.period, 1, 4)
)
SELECT p.region, p.year, p.net
FROM picked p
WHERE p.rn = 1 AND p.year NOT IN (SELECT year FROM mob_flow_years);
