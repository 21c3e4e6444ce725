-- Share of employees trained at the employer's expense in the year, by region, OKED section and size.
-- For a group of enterprises: its employees are the distinct persons with a contract active at some
-- day of the year at one of them; trained, those of them who had a training paid_by 'employer' at
-- one of them in the year (started_on on or before 31 December; finished_on, or started_on when
-- empty, on or after 1 January). share = trained / employees.
WITH employed AS (
    SELECT DISTINCT e.region, e.section, e.size, a.person_id
    FROM sk_active a
    JOIN sk_employers e ON e.bin = a.bin
),
trained AS (
    SELECT DISTINCT e.region, e.section, e.size, t.person_id
    FROM sk_year y
    JOIN training t
      ON t.paid_by = 'employer' AND t.started_on <= y.ends AND COALESCE(t.finished_on, t.started_on) >= y.starts
    JOIN sk_employers e ON e.bin = t.bin
),
pairs AS (
    SELECT p.region, p.section, p.size, p.person_id,
           CASE WHEN t.person_id IS NULL THEN NULL ELSE p.person_id END AS trained_id
    FROM employed p
    LEFT JOIN trained t
      ON t.person_id = p.person_id AND t.region = p.region AND t.section = p.section AND t.size = p.size
)
SELECT 'region' AS dimension, region AS grp, COUNT(DISTINCT person_id) AS employees,
       COUNT(DISTINCT trained_id) AS trained
FROM pairs GROUP BY region
UNION ALL
SELECT 'section', section, COUNT(DISTINCT person_id), COUNT(DISTINCT trained_id) FROM pairs GROUP BY section
UNION ALL
SELECT 'size', size, COUNT(DISTINCT person_id), COUNT(DISTINCT trained_id) FROM pairs GROUP BY size
UNION ALL
SELECT 'country', 'KZ', COUNT(DISTINCT person_id), COUNT(DISTINCT trained_id) FROM pairs
