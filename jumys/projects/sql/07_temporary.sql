-- Temporary jobs: fixed_term or seasonal contracts meeting rules 1, 3 and 5 (above) with at least
-- one payroll row from the contract's employer with opv_kzt > 0 for a period no later than
-- :as_of's month. No cap; the contract need not be active at :as_of. Each contract was assigned
-- to the first project in order (03_assignment.sql); persons are counted once per project.
CREATE TEMP TABLE v_temporary AS
SELECT j.project_id, COUNT(DISTINCT j.person_id) AS temporary_jobs
FROM v_job_contracts j
WHERE j.job_kind = 'temporary'
  AND EXISTS (
      SELECT 1 FROM payroll pr
      WHERE pr.person_id = j.person_id
        AND pr.bin = j.bin
        AND pr.opv_kzt > 0
        AND pr.period <= :as_of_month
  )
GROUP BY j.project_id;
