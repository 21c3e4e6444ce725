-- The staff of each employer in each month of w_months and how many of them had no pension
-- contribution from it, for `missing_contributions`. Staff of a month: the persons with a contract at
-- the employer in force the whole month (started on or before its first day, not ended before its
-- last). Missing: no payroll row of the employer, person and month with opv_kzt > 0 (the payroll
-- holds one row at most per person, employer and month). Counted as staff minus the staff paid a
-- contribution, so that each payroll row is matched once to its person's contract.
CREATE TEMP TABLE w_staff_multi AS  -- persons with several contracts: the months one of them covers whole
SELECT DISTINCT c.bin, c.person_id, m.month
FROM w_tenure_several c
JOIN w_months m
    ON c.start_date <= m.month
   AND (c.end_date IS NULL OR c.end_date >= m.month_end);

CREATE TEMP TABLE w_contribution_months AS
SELECT s.bin, s.month, s.staff, s.staff - COALESCE(p.paid, 0) AS missing
FROM (
    SELECT bin, month, COUNT(*) AS staff
    FROM (
        SELECT t.bin, m.month
        FROM w_tenure t
        JOIN w_months m
            ON t.start_date <= m.month
           AND (t.end_date IS NULL OR t.end_date >= m.month_end)
        WHERE t.contracts = 1
        UNION ALL
        SELECT bin, month FROM w_staff_multi
    ) on_staff
    GROUP BY bin, month
) s
LEFT JOIN (
    SELECT bin, period AS month, COUNT(*) AS paid
    FROM (
        SELECT p.bin, p.period
        FROM payroll p
        JOIN w_tenure t ON t.bin = p.bin AND t.person_id = p.person_id
        WHERE p.period >= :first_staff_month
          AND p.period <= :last_month
          AND p.opv_kzt > 0
          AND t.contracts = 1
          AND t.start_date <= p.period
          AND (t.end_date IS NULL OR t.end_date >= CAST(p.period + INTERVAL '1 month' AS DATE) - 1)
        UNION ALL
        SELECT p.bin, p.period
        FROM payroll p
        JOIN w_staff_multi s ON s.bin = p.bin AND s.person_id = p.person_id AND s.month = p.period
        WHERE p.opv_kzt > 0
    ) contributed
    GROUP BY bin, period
) p ON p.bin = s.bin AND p.month = s.month;
