-- Population and working-age population by region and year (the population file: persons on
-- 1 January by region, sex and single year of age). A region's rows are those whose KATO code begins
-- with its two digits, summed. Working age: :wa_min to :wa_max_men years for men, :wa_min to
-- :wa_max_women for women (docs/mobility.md). Years :first_year to :year.
CREATE TEMP TABLE mob_population AS
SELECT substr(kato, 1, 2) AS region, year,
       SUM(persons) AS persons,
       SUM(CASE WHEN age >= :wa_min
                 AND age <= CASE WHEN sex = 'M' THEN :wa_max_men ELSE :wa_max_women END
                THEN persons ELSE 0 END) AS working_age
FROM population
WHERE year BETWEEN :first_year AND :year
GROUP BY substr(kato, 1, 2), year;
