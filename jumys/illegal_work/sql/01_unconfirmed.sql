-- Signal `unconfirmed`: contracts with no pension contributions behind them, as docs/methodology.md
-- (rule 6) defines an unconfirmed contract. A contract is judged when it is active at :as_of
-- (started before :as_of, no end_date or end_date >= :as_of). Its months checked: the last
-- :check_months calendar months before the month of :as_of that lie wholly inside the contract
-- (the month's first day on or after start_date) and of which the payroll holds any row at all (a
-- month not yet delivered is not judged); n = how many. The contract is unconfirmed when n >= 1 and
-- fewer than ceil(:paid_pct % of n) of those months have a payroll row from the employer for the
-- person with opv_kzt > 0, that is when paid * 100 < n * :paid_pct.
-- The contract-months are those of 00_contract_months.sql: the contracts active at :as_of, their months
-- from :check_from (the :check_months before the month of :as_of; a contract active at :as_of runs to the
-- end of each of them).
CREATE TEMP TABLE iw_unconfirmed_contracts AS
SELECT bin, person_id, contract_id, salary_kzt, COUNT(*) AS months_checked,
       CAST(SUM(paid) AS BIGINT) AS months_paid, MIN(month) AS first_month, MAX(month) AS last_month
FROM iw_contract_months
WHERE (end_date IS NULL OR end_date >= :as_of)
  AND month >= :check_from
GROUP BY bin, person_id, contract_id, salary_kzt
HAVING SUM(paid) * 100 < COUNT(*) * :paid_pct;

CREATE TEMP TABLE iw_unconfirmed_persons AS
SELECT DISTINCT bin, person_id FROM iw_unconfirmed_contracts;

CREATE TEMP TABLE iw_unconfirmed AS
SELECT bin, COUNT(*) AS contracts, COUNT(DISTINCT person_id) AS persons,
       MIN(first_month) AS first_month, MAX(last_month) AS last_month,
       CAST(SUM(months_checked) AS BIGINT) AS months_checked, CAST(SUM(months_paid) AS BIGINT) AS months_paid,
       CAST(SUM(salary_kzt) AS BIGINT) AS salary_kzt
FROM iw_unconfirmed_contracts
GROUP BY bin;
