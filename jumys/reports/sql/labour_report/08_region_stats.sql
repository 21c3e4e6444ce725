-- Employment, unemployment and the average wage: official statistics (region_stats).
-- A region's value for a year is its annual row (period 'YYYY') where there is one, else the mean of
-- its monthly rows of that year ('YYYY-MM'); a region's row is the one of its smallest KATO code.
-- The country: employed summed over the regions; the unemployment rate and the average wage are the
-- regions' values weighted by their employed (a region without employed weighs 1).
-- wage_vs_country = the region's average wage / the country's.
WITH picked AS (
    SELECT s.indicator, substr(s.kato, 1, 2) AS region, y.year,
           COALESCE(MAX(CASE WHEN length(s.period) = 4 THEN s.value END),
                    AVG(CASE WHEN length(s.period) = 7 THEN s.value END)) AS value,
           row_number() OVER (PARTITION BY s.indicator, substr(s.kato, 1, 2), y.year ORDER BY s.kato) AS rn
    FROM lr_years y
    JOIN region_stats s ON substr(s.period, 1, 4) = CAST(y.year AS VARCHAR)
    WHERE s.indicator IN ('employed', 'unemployment_rate', 'avg_wage_kzt')
    GROUP BY s.indicator, s.kato, y.year
),
regional AS (
    SELECT year, region,
           MAX(CASE WHEN indicator = 'employed' THEN value END) AS employed,
           MAX(CASE WHEN indicator = 'unemployment_rate' THEN value END) AS unemployment_rate,
           MAX(CASE WHEN indicator = 'avg_wage_kzt' THEN value END) AS avg_wage_kzt
    FROM picked
    WHERE rn = 1
    GROUP BY year, region
),
country AS (
    SELECT year, 'KZ' AS region,
           SUM(employed) AS employed,
           SUM(unemployment_rate * COALESCE(employed, 1)) / NULLIF(SUM(CASE WHEN unemployment_rate IS NOT NULL THEN COALESCE(employed, 1) END), 0) AS unemployment_rate,
           SUM(avg_wage_kzt * COALESCE(employed, 1)) / NULLIF(SUM(CASE WHEN avg_wage_kzt IS NOT NULL THEN COALESCE(employed, 1) END), 0) AS avg_wage_kzt
    FROM regional
    GROUP BY year
),
both_levels AS (
    SELECT year, region, employed, unemployment_rate, avg_wage_kzt FROM regional
    UNION ALL
    SELECT year, region, employed, unemployment_rate, avg_wage_kzt FROM country
)
SELECT b.year, b.region, b.employed, b.unemployment_rate, b.avg_wage_kzt,
       b.avg_wage_kzt / NULLIF(c.avg_wage_kzt, 0) AS wage_vs_country
FROM both_levels b
LEFT JOIN country c ON c.year = b.year
