-- The vacancies open on :as_of: posted by then, and neither closed nor filled by then
-- (a vacancy closed after :as_of was still open on it, whatever became of it later).
CREATE TEMP TABLE match_vacancies AS
SELECT vacancy_id, substr(kato, 1, 2) AS region, nkz, salary_kzt, posted_on
FROM vacancies
WHERE posted_on <= :as_of
  AND ((closed_on IS NULL AND NOT filled) OR closed_on > :as_of)
