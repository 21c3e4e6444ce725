-- Regional labour report, step 1: the two years compared and where each enterprise is.
-- :year is the year reported; the report compares it with the year before (:year - 1).
-- A year runs from 1 January (:year_start, :prev_start) to 31 December (:year_end, :prev_end).
CREATE TEMP TABLE lr_years AS
SELECT :year - 1 AS year, :prev_start AS starts, :prev_end AS ends
UNION ALL
SELECT :year AS year, :year_start AS starts, :year_end AS ends;

-- An enterprise's region is the first two digits of its registered KATO (employers.kato): every
-- figure drawn from a registry that names an employer (contracts, incidents, inspections, arrears,
-- Vision Zero, training) is counted in the region of that employer.
CREATE TEMP TABLE lr_employers AS
SELECT bin, substr(kato, 1, 2) AS region
FROM employers;

-- The contracts active at some day of each year (start_date on or before 31 December, end_date
-- empty or on or after 1 January), with their employer's region.
CREATE TEMP TABLE lr_active AS
SELECT y.year, e.region, c.person_id, c.start_date, c.end_date
FROM lr_years y
JOIN contracts c ON c.start_date <= y.ends AND (c.end_date IS NULL OR c.end_date >= y.starts)
JOIN lr_employers e ON e.bin = c.bin
