-- Signal `unplanned_inspections`: :unplanned_min or more unplanned inspections (kind 'unplanned')
-- within :inspection_days days before :as_of (inspected_on in [:inspections_from, :as_of)). An
-- unplanned inspection on the day of a severe or fatal accident at the employer or within
-- :investigation_days days after it is the accident's investigation, not a sign of a conflict, and
-- is left out (the fatal accident is a signal of its own). The signal's month is the month of the
-- last inspection counted.
CREATE TEMP TABLE w_unplanned_inspections AS
SELECT
    i.bin,
    CAST(date_trunc('month', MAX(i.inspected_on)) AS DATE) AS month,
    COUNT(*) AS inspections,
    CAST(SUM(i.violations) AS BIGINT) AS violations,
    MIN(i.inspected_on) AS first_on,
    MAX(i.inspected_on) AS last_on
FROM inspections i
WHERE i.kind = 'unplanned'
  AND i.inspected_on >= :inspections_from
  AND i.inspected_on < :as_of
  AND NOT EXISTS (
      SELECT 1
      FROM incidents a
      WHERE a.bin = i.bin
        AND a.severity IN ('fatal', 'severe')
        AND a.occurred_on <= i.inspected_on
        AND a.occurred_on >= i.inspected_on - :investigation_days
  )
GROUP BY i.bin
HAVING COUNT(*) >= :unplanned_min;
