-- Regional labour report, step 1: the two years compared and where each enterprise is.
-- :year is the year reported; the report compares it with the year before (:year - 1).
-- :region is the region reported (its 2-digit KATO code as a number), or 0 for every region: a
-- region's report reads the rows of that region alone, and its figures are those of its page in the
-- report of every region.
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
FROM employers
WHERE :region = 0 OR CAST(substr(kato, 1, 2) AS INTEGER) = :region;

-- The employees of each year: a row per year, region and person with a contract active at some day
-- of the year (start_date on or before 31 December, end_date empty or on or after 1 January) at an
-- enterprise of the region; how many such contracts the person had there, and whether one of them
-- was still active on 31 December (at_year_end 1). Written as one scan per year with the dates as
-- literals, which DuckDB runs several times faster than a join on the years' ranges.
CREATE TEMP TABLE lr_persons AS
SELECT year, region, person_id, COUNT(*) AS contracts, MAX(at_end) AS at_year_end
FROM (
    SELECT :year - 1 AS year, e.region, c.person_id,
           CASE WHEN c.end_date IS NULL OR c.end_date >= :prev_end THEN 1 ELSE 0 END AS at_end
    FROM contracts c
    JOIN lr_employers e ON e.bin = c.bin
    WHERE c.start_date <= :prev_end AND (c.end_date IS NULL OR c.end_date >= :prev_start)
    UNION ALL
    SELECT :year AS year, e.region, c.person_id,
           CASE WHEN c.end_date IS NULL OR c.end_date >= :year_end THEN 1 ELSE 0 END AS at_end
    FROM contracts c
    JOIN lr_employers e ON e.bin = c.bin
    WHERE c.start_date <= :year_end AND (c.end_date IS NULL OR c.end_date >= :year_start)
) a
GROUP BY year, region, person_id;

-- The country's employees of each year: each person once, at_year_end 1 when any of the person's
-- contracts was active on 31 December (the national rows of steps 05 and 07 count these).
CREATE TEMP TABLE lr_country AS
SELECT year, person_id, MAX(at_year_end) AS at_year_end
FROM lr_persons
GROUP BY year, person_id
