-- Wage bill: wages (payroll wage_kzt) paid by the operators of P to the persons of P's credited
-- contracts, for periods from the person's (earliest) credited contract's start month to
-- :as_of's month, both included.
CREATE TEMP TABLE v_wage_bill AS
SELECT cp.project_id, SUM(pr.wage_kzt) AS wage_bill_kzt
FROM (
    SELECT project_id, person_id, MIN(start_date) AS first_start
    FROM v_job_contracts
    WHERE status = 'credited'
    GROUP BY project_id, person_id
) cp
JOIN v_operators o ON o.project_id = cp.project_id
JOIN payroll pr
    ON pr.person_id = cp.person_id
   AND pr.bin = o.bin
   AND pr.period >= CAST(date_trunc('month', cp.first_start) AS DATE)
   AND pr.period <= :as_of_month
GROUP BY cp.project_id;

-- The region's average wage: region_stats avg_wage_kzt of the latest period that began on or
-- before :as_of (a month before a year that begins on the same day; then the region's own code,
-- the smallest of its KATO codes, before a district's, so that the pick never depends on row order).
CREATE TEMP TABLE v_region_wage AS
SELECT region, value AS avg_wage_kzt
FROM (
    SELECT
        substr(kato, 1, 2) AS region,
        value,
        row_number() OVER (
            PARTITION BY substr(kato, 1, 2)
            ORDER BY CAST(CASE WHEN length(period) = 4 THEN period || '-01-01' ELSE period || '-01' END AS DATE) DESC,
                     length(period) DESC,
                     kato
        ) AS rn
    FROM region_stats
    WHERE indicator = 'avg_wage_kzt'
      AND CAST(CASE WHEN length(period) = 4 THEN period || '-01-01' ELSE period || '-01' END AS DATE) <= :as_of
) r
WHERE rn = 1;
