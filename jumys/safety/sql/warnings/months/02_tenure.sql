-- Each person's contracts at an employer that could be in force a whole month of the run (started on
-- or before :last_month, not ended before the last day of :first_staff_month), one row per employer
-- and person. With one such contract (`contracts` = 1) the row holds its dates, so that "a contract in
-- force from day a to day b" is a comparison of the row. With several, one of them must cover the
-- days alone (two contracts back to back do not): their rows are in w_tenure_several.
CREATE TEMP TABLE w_tenure AS
SELECT
    bin,
    person_id,
    COUNT(*) AS contracts,
    MIN(start_date) AS start_date,
    CASE WHEN COUNT(end_date) = COUNT(*) THEN MAX(end_date) END AS end_date  -- an open contract: NULL
FROM contracts
WHERE start_date <= :last_month
  AND (end_date IS NULL OR end_date >= :first_staff_month_end)
  AND EXISTS (SELECT 1 FROM w_months)  -- no payroll month to read: nothing to count
GROUP BY bin, person_id;

CREATE TEMP TABLE w_tenure_several AS
SELECT c.bin, c.person_id, c.start_date, c.end_date
FROM w_tenure t
JOIN contracts c ON c.bin = t.bin AND c.person_id = t.person_id
WHERE t.contracts > 1
  AND c.start_date <= :last_month
  AND (c.end_date IS NULL OR c.end_date >= :first_staff_month_end);
