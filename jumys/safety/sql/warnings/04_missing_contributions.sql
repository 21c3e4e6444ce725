-- Signal `missing_contributions`: in each of the last two full months before :as_of (:prev_month
-- and :last_month), :missing_pct % or more of the staff had no pension contribution from the
-- employer (no payroll row of that month with opv_kzt > 0). Staff of a month: the persons with a
-- contract at the employer in force the whole month (started on or before its first day, not ended
-- before its last); at least :min_staff of them in each month. A month of which the payroll holds no
-- row at all has not been delivered and is not judged.
CREATE TEMP TABLE w_contribution_staff AS
SELECT s.bin, s.month, COUNT(*) AS staff, COUNT(*) - COUNT(p.person_id) AS missing
FROM (
    SELECT DISTINCT c.bin, c.person_id, m.month
    FROM contracts c
    JOIN (
        SELECT months.month, months.month_end
        FROM (
            SELECT :last_month AS month, :last_month_end AS month_end
            UNION ALL
            SELECT :prev_month AS month, :prev_month_end AS month_end
        ) months
        WHERE EXISTS (SELECT 1 FROM payroll delivered WHERE delivered.period = months.month)
    ) m
        ON c.start_date <= m.month
       AND (c.end_date IS NULL OR c.end_date >= m.month_end)
) s
LEFT JOIN payroll p  -- one row at most: (person, employer, period) is the payroll's key
    ON p.bin = s.bin
   AND p.person_id = s.person_id
   AND p.period = s.month
   AND p.period IN (:last_month, :prev_month)
   AND p.opv_kzt > 0
GROUP BY s.bin, s.month;

CREATE TEMP TABLE w_missing_contributions AS
SELECT
    cur.bin,
    cur.month,
    cur.staff,
    cur.missing,
    prev.month AS previous_month,
    prev.staff AS previous_staff,
    prev.missing AS previous_missing
FROM w_contribution_staff cur
JOIN w_contribution_staff prev ON prev.bin = cur.bin AND prev.month = :prev_month
WHERE cur.month = :last_month
  AND cur.staff >= :min_staff
  AND prev.staff >= :min_staff
  AND cur.missing * 100 >= cur.staff * :missing_pct
  AND prev.missing * 100 >= prev.staff * :missing_pct;
