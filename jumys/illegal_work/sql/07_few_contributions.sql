-- Signal `few_contributions`: an employer with contracts but almost no contributions. Contract-months:
-- the months of the :lookback_months before the month of :as_of that lie wholly inside a contract of
-- the employer (the first day on or after start_date, the last day on or before end_date when it
-- has one) and of which the payroll holds any row at all (a month not yet delivered is not
-- judged). Paid: those with a payroll row from the employer for the person with opv_kzt > 0. The
-- signal shows when paid * 100 < contract-months * :paid_share_pct.
CREATE TEMP TABLE iw_lookback_delivered AS
SELECT m.month
FROM (
    SELECT CAST(:this_month - INTERVAL '1 month' * g.k AS DATE) AS month
    FROM generate_series(1, :lookback_months) AS g(k)
) m
WHERE EXISTS (SELECT 1 FROM payroll d WHERE d.period = m.month);

CREATE TEMP TABLE iw_contract_months AS
SELECT c.bin, c.person_id, m.month, MAX(CASE WHEN p.period IS NULL THEN 0 ELSE 1 END) AS paid
FROM contracts c
JOIN iw_lookback_delivered m
    ON m.month >= c.start_date
   AND (c.end_date IS NULL OR c.end_date >= CAST(m.month + INTERVAL '1 month' AS DATE) - 1)
LEFT JOIN payroll p
    ON p.bin = c.bin
   AND p.person_id = c.person_id
   AND p.period = m.month
   AND p.opv_kzt > 0
WHERE c.start_date < :as_of
  AND (c.end_date IS NULL OR c.end_date >= :from_month)  -- the contracts of the months looked at only
GROUP BY c.bin, c.person_id, m.month;

CREATE TEMP TABLE iw_few_contributions AS
SELECT bin, COUNT(DISTINCT person_id) AS persons, COUNT(*) AS contract_months,
       CAST(SUM(paid) AS BIGINT) AS paid_months, MIN(month) AS first_month, MAX(month) AS last_month
FROM iw_contract_months
GROUP BY bin
HAVING SUM(paid) * 100 < COUNT(*) * :paid_share_pct;

CREATE TEMP TABLE iw_few_contributions_persons AS
SELECT DISTINCT c.bin, c.person_id
FROM iw_contract_months c
JOIN iw_few_contributions f ON f.bin = c.bin
WHERE c.paid = 0;
