-- Signal `unplanned_inspections`: :unplanned_min or more unplanned inspections (kind 'unplanned')
-- within :inspection_days days before :as_of (inspected_on in [:inspections_from, :as_of)). The
-- signal's month is the month of the last one.
CREATE TEMP TABLE w_unplanned_inspections AS
SELECT
    bin,
    CAST(date_trunc('month', MAX(inspected_on)) AS DATE) AS month,
    COUNT(*) AS inspections,
    CAST(SUM(violations) AS BIGINT) AS violations,
    MIN(inspected_on) AS first_on,
    MAX(inspected_on) AS last_on
FROM inspections
WHERE kind = 'unplanned'
  AND inspected_on >= :inspections_from
  AND inspected_on < :as_of
GROUP BY bin
HAVING COUNT(*) >= :unplanned_min;
