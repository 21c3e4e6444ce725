-- No job counted twice: projects are taken in order of start_date, then project_id, and each
-- contract goes to the first project for which it meets the rules above (permanent and
-- temporary jobs are assigned separately, each by its own rules). project_id is compared
-- character by character (COLLATE "C"), whatever the database's collation, so that every
-- engine gives a tie to the same project.
CREATE TEMP TABLE v_assigned AS
SELECT *
FROM (
    SELECT
        v.*,
        row_number() OVER (PARTITION BY v.contract_id ORDER BY v.project_start, v.project_id COLLATE "C") AS project_rank
    FROM v_candidates v
) ranked
WHERE project_rank = 1;
