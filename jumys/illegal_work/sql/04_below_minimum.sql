-- Signal `below_minimum`: a full-time monthly salary under the minimum wage. The contract registry
-- holds one monthly salary per contract and no working hours, so every contract is read as
-- full-time (docs/illegal_work.md says what that means). Judged: the contracts in force on
-- :day_before, the last day before :as_of (started on or before it, not ended before it), with
-- salary_kzt < :minimum_wage, the minimum wage of that day's year. shortfall_kzt: what the salaries
-- lack of the minimum wage in one month.
CREATE TEMP TABLE iw_below_minimum_contracts AS
SELECT c.bin, c.person_id, c.contract_id, c.salary_kzt
FROM contracts c
WHERE c.start_date <= :day_before
  AND (c.end_date IS NULL OR c.end_date >= :day_before)
  AND c.salary_kzt < :minimum_wage;

CREATE TEMP TABLE iw_below_minimum_persons AS
SELECT DISTINCT bin, person_id FROM iw_below_minimum_contracts;

CREATE TEMP TABLE iw_below_minimum AS
SELECT bin, COUNT(*) AS contracts, COUNT(DISTINCT person_id) AS persons,
       MIN(salary_kzt) AS lowest_kzt, :minimum_wage AS minimum_wage_kzt,
       CAST(SUM(:minimum_wage - salary_kzt) AS BIGINT) AS shortfall_kzt
FROM iw_below_minimum_contracts
GROUP BY bin;
