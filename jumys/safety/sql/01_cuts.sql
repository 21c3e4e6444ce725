-- Enterprise risk, step 1: the cut dates and what happened after each.
-- k = 0 is the date D being scored; k = 1 .. :training_cuts are D - k years, whose enterprises and
-- their outcome in [cut, cut + 12 months) are the model's training rows (every such window ends on
-- or before D, so training reads nothing dated D or later). Every window is a parameter computed
-- by the calendar (jumys/safety/features.py): from3y = cut - 3 years, from1y = cut - 12 months,
-- outcome_to = cut + 12 months, month_start = the first of cut's month, pay_from = 3 months before
-- it, min_wage = the monthly minimum wage of cut's year.
CREATE TEMP TABLE risk_cuts AS
SELECT * FROM (VALUES
    (0, :cut_0, :from3y_0, :from1y_0, :outcome_to_0, :month_start_0, :pay_from_0, :min_wage_0),
    (1, :cut_1, :from3y_1, :from1y_1, :outcome_to_1, :month_start_1, :pay_from_1, :min_wage_1),
    (2, :cut_2, :from3y_2, :from1y_2, :outcome_to_2, :month_start_2, :pay_from_2, :min_wage_2),
    (3, :cut_3, :from3y_3, :from1y_3, :outcome_to_3, :month_start_3, :pay_from_3, :min_wage_3)
) AS t (k, cut, from3y, from1y, outcome_to, month_start, pay_from, min_wage)
WHERE k <= :training_cuts;

-- The months of contributions before each cut, [pay_from, month_start), one row a month: a payroll
-- period is the first day of its month, so step 2 finds a cut's months by equality (a hash join),
-- not by comparing every payroll row with every cut's window.
CREATE TEMP TABLE risk_pay_months AS
WITH RECURSIVE m (k, period, month_start) AS (
    SELECT k, pay_from, month_start FROM risk_cuts
    UNION ALL
    SELECT k, CAST(period + INTERVAL '1 month' AS DATE), month_start
    FROM m
    WHERE period + INTERVAL '1 month' < month_start
)
SELECT k, period FROM m;

-- The outcome (a): inspected in [cut, outcome_to), and whether an inspection found >= 1 violation.
-- For k >= 1 it is the training label; for k = 0 only the backtest reads it.
CREATE TEMP TABLE risk_inspected_next AS
SELECT t.k, i.bin, MAX(CASE WHEN i.violations > 0 THEN 1 ELSE 0 END) AS violation
FROM inspections i
JOIN risk_cuts t ON i.inspected_on >= t.cut AND i.inspected_on < t.outcome_to
GROUP BY t.k, i.bin;

-- The outcome (b): a severe or fatal incident in [cut, outcome_to).
CREATE TEMP TABLE risk_severe_next AS
SELECT DISTINCT t.k, x.bin
FROM incidents x
JOIN risk_cuts t ON x.occurred_on >= t.cut AND x.occurred_on < t.outcome_to
WHERE x.severity IN ('fatal', 'severe');
