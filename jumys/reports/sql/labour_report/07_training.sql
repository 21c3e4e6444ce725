-- Employees trained at the employer's expense: of the employees of the region in the year
-- (distinct persons with a contract active at some day of the year at an enterprise of the region),
-- the share who had a training paid_by 'employer' in the year (started_on on or before 31 December,
-- finished_on, or started_on when empty, on or after 1 January) at an enterprise of the region. The
-- country: the distinct persons employed anywhere, and those of them trained at any enterprise.
-- The same rule as the skills page's share by region (sql/skills/02_training.sql). Benchmarks:
-- Kazakhstan 6 %, OECD 48 % (shown beside it, not computed).
WITH trained AS (
    SELECT DISTINCT y.year, e.region, t.person_id
    FROM lr_years y
    JOIN training t
      ON t.paid_by = 'employer'
     AND t.started_on <= y.ends
     AND COALESCE(t.finished_on, t.started_on) >= y.starts
    JOIN lr_employers e ON e.bin = t.bin
),
counted AS (
    SELECT p.year, p.region, COUNT(*) AS employees, COUNT(t.person_id) AS trained_by_employer
    FROM lr_persons p
    LEFT JOIN trained t ON t.year = p.year AND t.region = p.region AND t.person_id = p.person_id
    GROUP BY p.year, p.region
    UNION ALL
    SELECT p.year, 'KZ', COUNT(*), COUNT(t.person_id)
    FROM lr_country p
    LEFT JOIN (SELECT DISTINCT year, person_id FROM trained) t ON t.year = p.year AND t.person_id = p.person_id
    GROUP BY p.year
)
SELECT year, region, employees, trained_by_employer,
       CASE WHEN employees > 0 THEN 1.0 * trained_by_employer / employees END AS trained_share
FROM counted
