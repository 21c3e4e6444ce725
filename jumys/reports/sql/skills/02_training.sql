-- Share of employees trained at the employer's expense in the year, by region, OKED section and size.
-- For a group of enterprises (a region, a section, a size class, or the whole country): its employees
-- are the distinct persons with a contract active at some day of the year at one of them; trained,
-- those of them who had a training paid_by 'employer' at one of them in the year (started_on on or
-- before 31 December; finished_on, or started_on when empty, on or after 1 January).
-- share = trained / employees (computed by the caller). A person who worked at one enterprise in the
-- year belongs to its groups (sk_people.bin); one who worked at several, to the groups of each
-- (sk_several_jobs), counted once per group.

-- (dimension, group, person) of the persons who worked at several enterprises, each once
CREATE TEMP TABLE sk_several AS
WITH worked AS (
    SELECT j.person_id, e.region, e.section, e.size
    FROM sk_several_jobs j
    JOIN sk_employers e ON e.bin = j.bin
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

-- the trained persons who worked at one enterprise in the year, with it
CREATE TEMP TABLE sk_trained_alone AS
SELECT p.person_id, e.region, e.section, e.size
FROM sk_people p
JOIN sk_employers e ON e.bin = p.bin
WHERE p.several = 0 AND p.person_id IN (SELECT person_id FROM sk_trained);

-- (dimension, group, person) of the employees who had such a training: a trained person counts in a
-- group when the person was also an employee of that group (sk_trained_alone for those who worked at
-- one enterprise, sk_several for those who worked at several; the country: an employee anywhere)
CREATE TEMP TABLE sk_trained_employees AS
WITH worked AS (
    SELECT 'region' AS dimension, region AS grp, person_id FROM sk_trained_alone
    UNION ALL
    SELECT 'section', section, person_id FROM sk_trained_alone
    UNION ALL
    SELECT 'size', size, person_id FROM sk_trained_alone
    UNION ALL
    SELECT 'country', 'KZ', person_id FROM sk_people WHERE person_id IN (SELECT person_id FROM sk_trained)
    UNION ALL
    SELECT dimension, grp, person_id FROM sk_several
)
SELECT t.dimension, t.grp, t.person_id
FROM sk_trained t
JOIN worked w ON w.dimension = t.dimension AND w.grp = t.grp AND w.person_id = t.person_id;

WITH employees AS (
    -- those who worked at one enterprise, counted per enterprise (sk_employers.alone), then summed
    SELECT 'region' AS dimension, region AS grp, SUM(alone) AS n FROM sk_employers GROUP BY region
    UNION ALL
    SELECT 'section', section, SUM(alone) FROM sk_employers GROUP BY section
    UNION ALL
    SELECT 'size', size, SUM(alone) FROM sk_employers GROUP BY size
    UNION ALL
    SELECT dimension, grp, COUNT(*) FROM sk_several GROUP BY dimension, grp
    UNION ALL
    SELECT 'country', 'KZ', COUNT(*) FROM sk_people
),
trained AS (
    SELECT dimension, grp, COUNT(*) AS n FROM sk_trained_employees GROUP BY dimension, grp
)
SELECT m.dimension, m.grp, SUM(m.n) AS employees, COALESCE(MAX(t.n), 0) AS trained
FROM employees m
LEFT JOIN trained t ON t.dimension = m.dimension AND t.grp = m.grp
GROUP BY m.dimension, m.grp
HAVING SUM(m.n) > 0
