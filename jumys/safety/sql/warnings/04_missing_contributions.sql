-- Signal `missing_contributions`: in each of the last two full months before :as_of (:prev_month
-- and :last_month), :missing_pct % or more of the staff had no pension contribution from the
-- employer; at least :min_staff staff in each month. Staff and missing are those of
-- w_contribution_months (months/03_contributions.sql): the persons with a contract at the employer
-- in force the whole month, and those of them without a payroll row of the month with opv_kzt > 0.
-- A month of which the payroll holds no row at all has not been delivered and is not judged.
CREATE TEMP TABLE w_missing_contributions AS
SELECT
    cur.bin,
    cur.month,
    cur.staff,
    cur.missing,
    prev.month AS previous_month,
    prev.staff AS previous_staff,
    prev.missing AS previous_missing
FROM w_contribution_months cur
JOIN w_contribution_months prev ON prev.bin = cur.bin AND prev.month = :prev_month
WHERE cur.month = :last_month
  AND cur.staff >= :min_staff
  AND prev.staff >= :min_staff
  AND cur.missing * 100 >= cur.staff * :missing_pct
  AND prev.missing * 100 >= prev.staff * :missing_pct;
