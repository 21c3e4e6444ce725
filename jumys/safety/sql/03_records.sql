-- Enterprise risk, step 3: the safety records dated before each cut.
-- Incidents in [from3y, cut), weighted fatal 10, severe 3, light 1, per victim (an incident
-- recorded with no victims counts as one).
CREATE TEMP TABLE risk_incidents AS
SELECT
    t.k,
    x.bin,
    SUM(CASE x.severity WHEN 'fatal' THEN 10 WHEN 'severe' THEN 3 ELSE 1 END * GREATEST(x.victims, 1))
        AS injuries_weighted
FROM incidents x
JOIN risk_cuts t ON x.occurred_on >= t.from3y AND x.occurred_on < t.cut
GROUP BY t.k, x.bin;

-- Inspections in [from3y, cut): how many, how many found >= 1 violation, violations, fines, the last.
CREATE TEMP TABLE risk_inspections AS
SELECT
    t.k,
    i.bin,
    COUNT(*) AS inspections,
    SUM(CASE WHEN i.violations > 0 THEN 1 ELSE 0 END) AS with_violations,
    SUM(i.violations) AS violations,
    SUM(i.fine_kzt) AS fines_kzt,
    MIN(t.cut - i.inspected_on) AS days_since_inspection
FROM inspections i
JOIN risk_cuts t ON i.inspected_on >= t.from3y AND i.inspected_on < t.cut
GROUP BY t.k, i.bin;

-- Wage arrears open at the cut: reported before it and not repaid before it.
CREATE TEMP TABLE risk_arrears AS
SELECT t.k, a.bin, SUM(a.amount_kzt) AS arrears_kzt, SUM(a.workers) AS arrears_workers
FROM arrears a
JOIN risk_cuts t ON a.reported_on < t.cut AND (a.repaid_on IS NULL OR a.repaid_on >= t.cut)
GROUP BY t.k, a.bin;
