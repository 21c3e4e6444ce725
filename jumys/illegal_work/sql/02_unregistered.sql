-- Signal `unregistered`: pension contributions paid for a person who has no registered contract at
-- that employer (work without a contract). Looked at: the payroll rows with opv_kzt > 0 of the
-- :lookback_months months before the month of :as_of (period in [:from_month, :this_month)). A row
-- is without a contract when no contract of the person at the employer overlaps its month (started
-- on or before the month's last day, not ended before its first).
CREATE TEMP TABLE iw_unregistered_rows AS
SELECT p.bin, p.person_id, p.period, p.wage_kzt, p.opv_kzt
FROM payroll p
LEFT JOIN contracts c  -- no contract overlapping the month: a row the join leaves unmatched
    ON c.bin = p.bin
   AND c.person_id = p.person_id
   AND c.start_date < CAST(p.period + INTERVAL '1 month' AS DATE)
   AND (c.end_date IS NULL OR c.end_date >= p.period)
WHERE p.period >= :from_month
  AND p.period < :this_month
  AND p.opv_kzt > 0
  AND c.contract_id IS NULL;

CREATE TEMP TABLE iw_unregistered_persons AS
SELECT DISTINCT bin, person_id FROM iw_unregistered_rows;

CREATE TEMP TABLE iw_unregistered AS
SELECT bin, COUNT(DISTINCT person_id) AS persons, COUNT(*) AS person_months,
       MIN(period) AS first_month, MAX(period) AS last_month,
       CAST(SUM(wage_kzt) AS BIGINT) AS wage_kzt, CAST(SUM(opv_kzt) AS BIGINT) AS opv_kzt
FROM iw_unregistered_rows
GROUP BY bin;
