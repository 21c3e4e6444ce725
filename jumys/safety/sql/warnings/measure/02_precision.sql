-- Precision: the warnings of the monthly runs in [:warnings_from, :warnings_to] (as-of dates on the
-- first of a month) and whether a dispute at the employer started on or after the as-of date and
-- within :follow_months months of it.
CREATE TEMP TABLE m_precision AS
SELECT
    w.as_of,
    w.bin,
    w.level,
    MAX(CASE WHEN d.dispute_id IS NOT NULL THEN 1 ELSE 0 END) AS followed
FROM fact_warnings w
LEFT JOIN labour_disputes d
    ON d.bin = w.bin
   AND d.started_on >= w.as_of
   AND d.started_on < CAST(w.as_of + INTERVAL '1 month' * :follow_months AS DATE)
WHERE w.as_of >= :warnings_from
  AND w.as_of <= :warnings_to
  AND EXTRACT(DAY FROM w.as_of) = 1
GROUP BY w.as_of, w.bin, w.level;
