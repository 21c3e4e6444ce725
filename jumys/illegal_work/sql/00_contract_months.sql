-- Contract-months, shared by the signals `unconfirmed` (01) and `few_contributions` (07), so that the
-- payroll is joined to the contracts once. Rows: each contract that started before :as_of, with each
-- month of the :window_months before the month of :as_of (the larger of the two signals' windows) that
-- lies wholly inside it (the month's first day on or after start_date, its last day on or before
-- end_date when it has one) and of which the payroll holds any row at all (a month not yet delivered is
-- not judged). paid = 1 when the payroll has the employer's row for the person that month with
-- opv_kzt > 0 (a person has at most one payroll row per employer and month).
CREATE TEMP TABLE iw_window_delivered AS
SELECT m.month
FROM (
    SELECT CAST(:this_month - INTERVAL '1 month' * g.k AS DATE) AS month
    FROM generate_series(1, :window_months) AS g(k)
) m
WHERE EXISTS (SELECT 1 FROM payroll d WHERE d.period = m.month);

CREATE TEMP TABLE iw_contract_months AS
SELECT c.contract_id, c.bin, c.person_id, c.salary_kzt, c.end_date, m.month,
       CASE WHEN p.period IS NULL THEN 0 ELSE 1 END AS paid
FROM contracts c
JOIN iw_window_delivered m
    ON m.month >= c.start_date
   AND (c.end_date IS NULL OR c.end_date >= CAST(m.month + INTERVAL '1 month' AS DATE) - 1)
LEFT JOIN payroll p
    ON p.bin = c.bin
   AND p.person_id = c.person_id
   AND p.period = m.month
   AND p.opv_kzt > 0
WHERE c.start_date < :as_of
  AND (c.end_date IS NULL OR c.end_date >= :window_from);  -- the contracts of the months looked at only
