-- Workers on electronic employment contracts: distinct persons with a contract active on
-- 31 December (start_date on or before it, end_date empty or on or after it), in the region of
-- the contract's employer. A person working in two regions counts in each, once in the country.
SELECT
    a.year,
    COALESCE(a.region, 'KZ') AS region,
    COUNT(DISTINCT a.person_id) AS workers_year_end
FROM lr_active a
JOIN lr_years y ON y.year = a.year
WHERE a.start_date <= y.ends AND (a.end_date IS NULL OR a.end_date >= y.ends)
GROUP BY GROUPING SETS ((a.year, a.region), (a.year))
