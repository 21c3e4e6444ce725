-- Recall: the disputes that started in [:disputes_from, :disputes_to) and whether their employer had
-- a warning (and a high one) at a monthly run (an as-of date on the first of a month) between
-- :lead_max and :lead_min days before started_on.
CREATE TEMP TABLE m_recall AS
SELECT
    d.dispute_id,
    d.bin,
    d.started_on,
    MAX(CASE WHEN w.bin IS NOT NULL THEN 1 ELSE 0 END) AS warned,
    MAX(CASE WHEN w.level = 'high' THEN 1 ELSE 0 END) AS warned_high
FROM labour_disputes d
LEFT JOIN fact_warnings w
    ON w.bin = d.bin
   AND w.as_of >= d.started_on - :lead_max
   AND w.as_of <= d.started_on - :lead_min
   AND EXTRACT(DAY FROM w.as_of) = 1
WHERE d.started_on >= :disputes_from
  AND d.started_on < :disputes_to
GROUP BY d.dispute_id, d.bin, d.started_on;
