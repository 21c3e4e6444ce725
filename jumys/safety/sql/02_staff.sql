-- Enterprise risk, step 2: staff features from contracts and payroll, dated before each cut.
-- Persons whose contributions were paid (opv_kzt > 0) in the last 3 full months before the cut,
-- [pay_from, month_start) (risk_pay_months): one pass over those months of payroll for every cut at once.
CREATE TEMP TABLE risk_paid AS
SELECT DISTINCT t.k, p.bin, p.person_id
FROM payroll p
JOIN risk_pay_months t ON p.period = t.period
WHERE p.opv_kzt > 0;

-- The contracts scored at each cut: at D (k = 0) every contract that started before the cut and had
-- not ended before the start of its 3-year window; at a training cut the same, of the employers with
-- an outcome (inspected in the 12 months after it), unless every employer is a training row
-- (:all_rows = 1, JUMYS_RISK_TRAINING_ROWS=all). Written as two branches of inner joins (a LEFT JOIN
-- filtered by "k = 0 OR inspected" lost every row on DuckDB 2.0), read once as they stream by (a
-- table of them would be 11 M rows at scale 1).
-- "Active" at the cut: started before it, not ended before it. The scored units are the employers
-- with >= 1 active contract. Average headcount over [a, cut) = the contracts' days inside the
-- window / the window's days. Unconfirmed: active contracts that started before the cut's month (so
-- had at least one full month to be paid for) with no contribution in those 3 months (no match
-- among the persons paid).
CREATE TEMP TABLE risk_staff AS
WITH scored AS (
    SELECT t.k, t.cut, t.from3y, t.from1y, t.month_start, t.min_wage,
           c.bin, c.person_id, c.start_date, c.end_date, c.conditions, c.salary_kzt
    FROM contracts c
    JOIN risk_cuts t ON c.start_date < t.cut AND (c.end_date IS NULL OR c.end_date >= t.from3y)
    WHERE t.k = 0 OR :all_rows = 1
    UNION ALL
    SELECT t.k, t.cut, t.from3y, t.from1y, t.month_start, t.min_wage,
           c.bin, c.person_id, c.start_date, c.end_date, c.conditions, c.salary_kzt
    FROM contracts c
    JOIN risk_cuts t ON c.start_date < t.cut AND (c.end_date IS NULL OR c.end_date >= t.from3y)
    JOIN risk_inspected_next o ON o.k = t.k AND o.bin = c.bin
    WHERE t.k > 0 AND :all_rows = 0
)
SELECT
    c.k,
    c.bin,
    SUM(CASE WHEN c.end_date IS NULL OR c.end_date >= c.cut THEN 1 ELSE 0 END) AS size,
    SUM(GREATEST(0, LEAST(COALESCE(c.end_date, c.cut - 1), c.cut - 1) - GREATEST(c.start_date, c.from3y) + 1))
        * 1.0 / (c.cut - c.from3y) AS avg_headcount,
    SUM(GREATEST(0, LEAST(COALESCE(c.end_date, c.cut - 1), c.cut - 1) - GREATEST(c.start_date, c.from1y) + 1))
        * 1.0 / (c.cut - c.from1y) AS avg_headcount_12m,
    SUM(CASE WHEN c.end_date >= c.from1y AND c.end_date < c.cut THEN 1 ELSE 0 END) AS ended_12m,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= c.cut) AND c.conditions <> 'normal'
        THEN 1 ELSE 0 END) AS harmful,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= c.cut) AND c.salary_kzt < c.min_wage
        THEN 1 ELSE 0 END) AS low_pay,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= c.cut) AND c.start_date < c.month_start
        THEN 1 ELSE 0 END) AS payable,
    SUM(CASE WHEN (c.end_date IS NULL OR c.end_date >= c.cut) AND c.start_date < c.month_start
        AND p.person_id IS NULL THEN 1 ELSE 0 END) AS unconfirmed
FROM scored c
LEFT JOIN risk_paid p ON p.k = c.k AND p.bin = c.bin AND p.person_id = c.person_id
GROUP BY c.k, c.bin, c.cut, c.from3y, c.from1y
HAVING SUM(CASE WHEN c.end_date IS NULL OR c.end_date >= c.cut THEN 1 ELSE 0 END) > 0;
