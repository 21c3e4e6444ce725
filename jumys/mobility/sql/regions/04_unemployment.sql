-- The unemployment rate (%) of each region by year, :stats_from to :year, from region_stats: the
-- annual row (period 'YYYY') where there is one, else the mean of the monthly rows of the year; a
-- region's row is the one of its smallest KATO code. The index takes the latest year not after
-- :year (docs/mobility.md).
CREATE TEMP TABLE mob_unemployment AS
WITH picked AS (
    SELECT substr(s.kato, 1, 2) AS region, CAST(substr(s.period, 1, 4) AS INTEGER) AS year,
           COALESCE(MAX(CASE WHEN length(s.period) = 4 THEN s.value END),
                    AVG(CASE WHEN length(s.period) = 7 THEN s.value END)) AS rate,
           row_number() OVER (PARTITION BY substr(s.kato, 1, 2), substr(s.period, 1, 4) ORDER BY s.kato) AS rn
    FROM region_stats s
    WHERE s.indicator = 'unemployment_rate'
      AND CAST(substr(s.period, 1, 4) AS INTEGER) BETWEEN :stats_from AND :year
    GROUP BY s.kato, substr(s.period, 1, 4)
)
SELECT region, year, rate FROM picked WHERE rn = 1;
