-- Workers on electronic employment contracts: distinct persons with a contract active on
-- 31 December (start_date on or before it, end_date empty or on or after it), in the region of
-- the contract's employer (lr_persons.at_year_end, step 1). A person working in two regions counts
-- in each, once in the country.
SELECT year, region, SUM(at_year_end) AS workers_year_end
FROM lr_persons
GROUP BY year, region
UNION ALL
SELECT year, 'KZ' AS region, SUM(at_year_end) AS workers_year_end
FROM lr_country
GROUP BY year
