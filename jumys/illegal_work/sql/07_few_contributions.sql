-- Signal `few_contributions`: an employer with contracts but almost no contributions. Contract-months:
-- the months of the :lookback_months before the month of :as_of that lie wholly inside a contract of
-- the employer (the first day on or after start_date, the last day on or before end_date when it
-- has one) and of which the payroll holds any row at all (a month not yet delivered is not
-- judged). Paid: those with a payroll row from the employer for the person with opv_kzt > 0. The
-- signal shows when paid * 100 < contract-months * :paid_share_pct.
-- The contract-months are those of 00_contract_months.sql from :from_month (the :lookback_months before
-- the month of :as_of), a person's contracts at an employer counted once a month.
CREATE TEMP TABLE iw_few_months AS
SELECT bin, person_id, month, MAX(paid) AS paid
FROM iw_contract_months
WHERE month >= :from_month
GROUP BY bin, person_id, month;

CREATE TEMP TABLE iw_few_contributions AS
SELECT bin, COUNT(DISTINCT person_id) AS persons, COUNT(*) AS contract_months,
       CAST(SUM(paid) AS BIGINT) AS paid_months, MIN(month) AS first_month, MAX(month) AS last_month
FROM iw_few_months
GROUP BY bin
HAVING SUM(paid) * 100 < COUNT(*) * :paid_share_pct;

CREATE TEMP TABLE iw_few_contributions_persons AS
SELECT DISTINCT c.bin, c.person_id
FROM iw_few_months c
JOIN iw_few_contributions f ON f.bin = c.bin
WHERE c.paid = 0;
