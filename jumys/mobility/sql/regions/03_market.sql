-- Job seekers and open vacancies at the end of :year (:year_end), by region of their KATO code.
-- A seeker counts when registered on or before :year_end and not left by then (left_on after it, or
-- none); a person registered twice counts once. A vacancy is open when posted on or before :year_end
-- and closed after it, or not closed and not filled.
CREATE TEMP TABLE mob_seekers AS
SELECT substr(kato, 1, 2) AS region, COUNT(DISTINCT person_id) AS seekers
FROM job_seekers
WHERE registered_on <= :year_end AND (left_on IS NULL OR left_on > :year_end)
GROUP BY substr(kato, 1, 2);

CREATE TEMP TABLE mob_vacancies AS
SELECT substr(kato, 1, 2) AS region, COUNT(*) AS vacancies
FROM vacancies
WHERE posted_on <= :year_end
  AND (closed_on > :year_end OR (closed_on IS NULL AND NOT filled))
GROUP BY substr(kato, 1, 2);

-- whether each file says anything about the year at all (a region absent from a file that has rows
-- has none; a file without rows up to :year_end is missing)
CREATE TEMP TABLE mob_market_known AS
SELECT (SELECT COUNT(*) FROM job_seekers WHERE registered_on <= :year_end) AS seeker_rows,
       (SELECT COUNT(*) FROM vacancies WHERE posted_on <= :year_end) AS vacancy_rows;
