-- Injuries: workers injured per 1,000 active contracts, and the fatal.
-- active_contracts: contracts active at some day of the year (lr_persons, step 1).
-- injured: the victims of every incident of the year (occurred_on within the year), any severity;
-- fatal: the victims of the year's incidents of severity 'fatal'.
-- injured_per_1000 = 1000 x injured / active_contracts (NULL without contracts). The report's change
-- in % is (this year's rate / last year's rate - 1) x 100, as for every figure (docs/safety.md).
-- The national row (region 'KZ') counts every region.
WITH contracts_in AS (
    SELECT year, region, SUM(contracts) AS active_contracts
    FROM lr_persons
    GROUP BY GROUPING SETS ((year, region), (year))
),
injuries_in AS (
    SELECT y.year, e.region,
           SUM(i.victims) AS injured,
           SUM(CASE WHEN i.severity = 'fatal' THEN i.victims ELSE 0 END) AS fatal
    FROM lr_years y
    JOIN incidents i ON i.occurred_on BETWEEN y.starts AND y.ends
    JOIN lr_employers e ON e.bin = i.bin
    GROUP BY GROUPING SETS ((y.year, e.region), (y.year))
)
SELECT
    c.year,
    COALESCE(c.region, 'KZ') AS region,
    c.active_contracts,
    COALESCE(j.injured, 0) AS injured,
    COALESCE(j.fatal, 0) AS fatal,
    CASE WHEN c.active_contracts > 0
         THEN 1000.0 * COALESCE(j.injured, 0) / c.active_contracts END AS injured_per_1000
FROM contracts_in c
LEFT JOIN injuries_in j
    ON j.year = c.year AND COALESCE(j.region, 'KZ') = COALESCE(c.region, 'KZ')
