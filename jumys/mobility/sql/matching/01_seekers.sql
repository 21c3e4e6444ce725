-- The job seekers registered on :as_of who name the occupation they seek (job_seekers.nkz):
-- one row a person, from their latest registration; the region is the first two digits of
-- the place they registered in; kandas from the persons file.
CREATE TEMP TABLE match_seekers AS
SELECT person_id, region, nkz, registered_on, kandas
FROM (
    SELECT
        s.person_id,
        substr(s.kato, 1, 2) AS region,
        s.nkz,
        s.registered_on,
        COALESCE(p.status = 'kandas', FALSE) AS kandas,
        row_number() OVER (PARTITION BY s.person_id ORDER BY s.registered_on DESC) AS newest
    FROM job_seekers s
    LEFT JOIN persons p ON p.person_id = s.person_id
    WHERE s.registered_on <= :as_of
      AND (s.left_on IS NULL OR s.left_on > :as_of)
      AND s.nkz IS NOT NULL
) registered
WHERE newest = 1
