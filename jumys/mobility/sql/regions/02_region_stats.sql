-- The official statistics the index uses, by region and year, :stats_from to :year (region_stats):
-- the unemployment rate (%) and the net migration. A region's value for a year is its annual row
-- (period 'YYYY') where there is one, else from the monthly rows of the year ('YYYY-MM'): their mean
-- for the rate, their sum for the net migration; a region's row is the one of its smallest KATO code.
CREATE TEMP TABLE mob_stats AS
WITH picked AS (
    SELECT s.indicator, substr(s.kato, 1, 2) AS region, CAST(substr(s.period, 1, 4) AS INTEGER) AS year,
           COALESCE(MAX(CASE WHEN length(s.period) = 4 THEN s.value END),
                    CASE WHEN s.indicator = 'net_migration'
                         THEN SUM(CASE WHEN length(s.period) = 7 THEN s.value END)
                         ELSE AVG(CASE WHEN length(s.period) = 7 THEN s.value END) END) AS value,
           row_number() OVER (PARTITION BY s.indicator, substr(s.kato, 1, 2), substr(s.period, 1, 4)
                              ORDER BY s.kato) AS rn
    FROM region_stats s
    WHERE s.indicator IN ('unemployment_rate', 'net_migration')
      AND CAST(substr(s.period, 1, 4) AS INTEGER) BETWEEN :stats_from AND :year
    GROUP BY s.indicator, s.kato, substr(s.period, 1, 4)
)
SELECT indicator, region, year, value FROM picked WHERE rn = 1;
