-- The reference wage of each region: the median monthly salary of the contracts active on
-- :as_of at workplaces of the region, for each major occupation group (the first digit of
-- NKZ) and for all groups together (major = '*'), with the number of contracts behind it.
CREATE TEMP TABLE match_wages AS
SELECT substr(kato, 1, 2) AS region, substr(nkz, 1, 1) AS major,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY salary_kzt) AS wage, count(*) AS contracts
FROM contracts
WHERE start_date <= :as_of AND (end_date IS NULL OR end_date >= :as_of)
GROUP BY substr(kato, 1, 2), substr(nkz, 1, 1)
UNION ALL
SELECT substr(kato, 1, 2) AS region, '*' AS major,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY salary_kzt) AS wage, count(*) AS contracts
FROM contracts
WHERE start_date <= :as_of AND (end_date IS NULL OR end_date >= :as_of)
GROUP BY substr(kato, 1, 2)
