-- Signal `unconfirmed`: contracts with no pension contributions behind them, as docs/methodology.md
-- (rule 6) defines an unconfirmed contract. A contract is judged when it is active at :as_of
-- (started before :as_of, no end_date or end_date >= :as_of). Its months checked: the last
-- :check_months calendar months before the month of :as_of that lie wholly inside the contract
-- (the month's first day on or after start_date) and of which the payroll holds any row at all (a
-- month not yet delivered is not judged); n = how many. The contract is unconfirmed when n >= 1 and
-- fewer than ceil(:paid_pct % of n) of those months have a payroll row from the employer for the
-- person with opv_kzt > 0, that is when paid * 100 < n * :paid_pct.
CREATE TEMP TABLE iw_months AS
SELECT CAST(:this_month - INTERVAL '1 month' * g.k AS DATE) AS month
FROM generate_series(1, :check_months) AS g(k);

CREATE TEMP TABLE iw_delivered AS
SELECT m.month
FROM iw_months m
WHERE EXISTS (SELECT 1 FROM payroll d WHERE d.period = m.month);

CREATE TEMP TABLE iw_unconfirmed_contracts AS
SELECT c.bin, c.person_id, c.contract_id, c.salary_kzt, COUNT(m.month) AS months_checked,
       COUNT(p.period) AS months_paid, MIN(m.month) AS first_month, MAX(m.month) AS last_month
FROM contracts c
JOIN iw_delivered m ON m.month >= c.start_date
LEFT JOIN payroll p
    ON p.bin = c.bin
   AND p.person_id = c.person_id
   AND p.period = m.month
   AND p.opv_kzt > 0
WHERE c.start_date < :as_of
  AND (c.end_date IS NULL OR c.end_date >= :as_of)
GROUP BY c.bin, c.person_id, c.contract_id, c.salary_kzt
HAVING COUNT(p.period) * 100 < COUNT(m.month) * :paid_pct;

CREATE TEMP TABLE iw_unconfirmed_persons AS
SELECT DISTINCT bin, person_id FROM iw_unconfirmed_contracts;

CREATE TEMP TABLE iw_unconfirmed AS
SELECT bin, COUNT(*) AS contracts, COUNT(DISTINCT person_id) AS persons,
       MIN(first_month) AS first_month, MAX(last_month) AS last_month,
       CAST(SUM(months_checked) AS BIGINT) AS months_checked, CAST(SUM(months_paid) AS BIGINT) AS months_paid,
       CAST(SUM(salary_kzt) AS BIGINT) AS salary_kzt
FROM iw_unconfirmed_contracts
GROUP BY bin;
