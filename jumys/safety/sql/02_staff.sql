-- Enterprise risk, step 2: staff features from contracts and payroll, dated before each cut.
-- Persons whose contributions were paid (opv_kzt > 0) in the last 3 full months before the cut,
-- [pay_from, month_start): one pass over those months of payroll for every cut at once.
CREATE TEMP TABLE risk_paid AS
SELECT DISTINCT t.k, p.bin, p.person_id
FROM payroll p
JOIN risk_cuts t ON p.period >= t.pay_from AND p.period < t.month_start
WHERE p.opv_kzt > 0;

-- One pass over contracts for every cut: a contract counts at a cut when it started before the
-- cut and had not ended before the start of the 3-year window. "Active" at the cut: started
-- before it, not ended before it. The scored units are the employers with >= 1 active contract;
-- at a training cut only those with an outcome (inspected in the following 12 months), unless
-- every employer is a training row (:all_rows = 1, JUMYS_RISK_TRAINING_ROWS=all).
-- Average headcount over [a, cut) = the contracts' days inside the window / the window's days.
CREATE TEMP TABLE risk_staff AS
SELECT
    t.k,
    c.bin,
    SUM(CASE WHEN c.end_date IS NULL OR c.end_date >= t.cut THEN 1 ELSE 0 END) AS size,
    SUM(GREATEST(0, LEAST(COALESCE(c.end_date, t.cut - 1), t.cut - 1) - GREATEST(c.start_date, t.from3y) + 1))
        * 1.0 / (t.cut - t.from3y) AS avg_headcount,
    SUM(GREATEST(0, LEAST(COALESCE(c.end_date, t.cut - 1), t.cut - 1) - GREATEST(c.start_date, t.from1y) + 1))
        * 1.0 / (t.cut - t.from1y) AS avg_headcount_12m,
    SUM(CASE WHEN c.end_date >= t.from1y AND c.end_date < t.cut THEN 1 ELSE 0 END) AS ended_12m,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= t.cut) AND c.conditions <> 'normal'
        THEN 1 ELSE 0 END) AS harmful,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= t.cut) AND c.salary_kzt < t.min_wage
        THEN 1 ELSE 0 END) AS low_pay,
    -- contracts that started before the cut's month had at least one full month to be paid for
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= t.cut) AND c.start_date < t.month_start
        THEN 1 ELSE 0 END) AS payable,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= t.cut) AND c.start_date < t.month_start
        AND p.person_id IS NULL THEN 1 ELSE 0 END) AS unconfirmed,
    MAX(o.violation) AS violation_next
FROM contracts c
JOIN risk_cuts t ON c.start_date < t.cut AND (c.end_date IS NULL OR c.end_date >= t.from3y)
LEFT JOIN risk_inspected_next o ON o.k = t.k AND o.bin = c.bin
LEFT JOIN risk_paid p ON p.k = t.k AND p.bin = c.bin AND p.person_id = c.person_id
WHERE t.k = 0 OR :all_rows = 1 OR o.bin IS NOT NULL
GROUP BY t.k, c.bin, t.cut, t.from3y, t.from1y
HAVING SUM(CASE WHEN c.end_date IS NULL OR c.end_date >= t.cut THEN 1 ELSE 0 END) > 0;
