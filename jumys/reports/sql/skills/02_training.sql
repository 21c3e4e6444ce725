-- Share of employees trained at the employer's expense in the year, by region, OKED section and size.
-- For a group of enterprises (a region, a section, a size class, or the whole country): its employees
-- are the distinct persons with a contract active at some day of the year at one of them; trained,
-- those of them who had a training paid_by 'employer' at one of them in the year (started_on on or
-- before 31 December; finished_on, or started_on when empty, on or after 1 January).
-- share = trained / employees (computed by the caller). Persons who worked at one enterprise in the
-- year (95 % at scale) belong to its groups and are counted as rows; only those who worked at several
-- are made distinct per group, which is what keeps this fast.
CREATE TEMP TABLE sk_people AS
SELECT person_id, MIN(bin) AS bin, CASE WHEN MIN(bin) <> MAX(bin) THEN 1 ELSE 0 END AS several
FROM sk_active
GROUP BY person_id;

-- (dimension, group, person) of the persons who worked at several enterprises, each once
CREATE TEMP TABLE sk_several AS
WITH worked AS (
    SELECT a.person_id, e.region, e.section, e.size
    FROM sk_people p
    JOIN sk_active a ON a.person_id = p.person_id
    JOIN sk_employers e ON e.bin = a.bin
    WHERE p.several = 1
)
SELECT DISTINCT 'region' AS dimension, region AS grp, person_id FROM worked
UNION
SELECT DISTINCT 'section', section, person_id FROM worked
UNION
SELECT DISTINCT 'size', size, person_id FROM worked;

-- (dimension, group, person) of the employer-paid trainings of the year at the groups' enterprises
CREATE TEMP TABLE sk_trained AS
WITH paid AS (
    SELECT t.person_id, e.region, e.section, e.size
    FROM training t
    JOIN sk_employers e ON e.bin = t.bin
    WHERE t.paid_by = 'employer' AND t.started_on <= :year_end
      AND COALESCE(t.finished_on, t.started_on) >= :year_start
)
SELECT DISTINCT 'region' AS dimension, region AS grp, person_id FROM paid
UNION
SELECT DISTINCT 'section', section, person_id FROM paid
UNION
SELECT DISTINCT 'size', size, person_id FROM paid
UNION
SELECT DISTINCT 'country', 'KZ', person_id FROM paid;

WITH one_enterprise AS (
    SELECT e.region, e.section, e.size
    FROM sk_people p JOIN sk_employers e ON e.bin = p.bin
    WHERE p.several = 0
),
employees AS (
    SELECT 'region' AS dimension, region AS grp, COUNT(*) AS n FROM one_enterprise GROUP BY region
    UNION ALL
    SELECT 'section', section, COUNT(*) FROM one_enterprise GROUP BY section
    UNION ALL
    SELECT 'size', size, COUNT(*) FROM one_enterprise GROUP BY size
    UNION ALL
    SELECT dimension, grp, COUNT(*) FROM sk_several GROUP BY dimension, grp
    UNION ALL
    SELECT 'country', 'KZ', COUNT(*) FROM sk_people
),
-- a trained person counts in a group when the person was also an employee of that group
trained AS (
    SELECT t.dimension, t.grp, COUNT(DISTINCT t.person_id) AS n
    FROM sk_trained t
    WHERE EXISTS (
        SELECT 1 FROM sk_active a JOIN sk_employers e ON e.bin = a.bin
        WHERE a.person_id = t.person_id
          AND (t.dimension = 'country'
               OR (t.dimension = 'region' AND e.region = t.grp)
               OR (t.dimension = 'section' AND e.section = t.grp)
               OR (t.dimension = 'size' AND e.size = t.grp))
    )
    GROUP BY t.dimension, t.grp
)
SELECT m.dimension, m.grp, SUM(m.n) AS employees, COALESCE(MAX(t.n), 0) AS trained
FROM employees m
LEFT JOIN trained t ON t.dimension = m.dimension AND t.grp = m.grp
GROUP BY m.dimension, m.grp
