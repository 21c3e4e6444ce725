-- Wage arrears. Repaid in the year: arrears whose repaid_on falls within the year; the enterprises
-- that repaid (distinct BINs) and the tenge repaid (repaid_kzt, or amount_kzt where repaid_kzt is
-- empty). Open at year end: arrears reported on or before 31 December and not repaid by then
-- (repaid_on empty or later); the enterprises, the tenge owed (amount_kzt) and the workers owed.
SELECT
    y.year,
    COALESCE(e.region, 'KZ') AS region,
    COUNT(DISTINCT CASE WHEN a.repaid_on BETWEEN y.starts AND y.ends THEN a.bin END) AS arrears_repaid_enterprises,
    SUM(CASE WHEN a.repaid_on BETWEEN y.starts AND y.ends
             THEN COALESCE(a.repaid_kzt, a.amount_kzt) ELSE 0 END) AS arrears_repaid_kzt,
    COUNT(DISTINCT CASE WHEN a.repaid_on IS NULL OR a.repaid_on > y.ends THEN a.bin END) AS arrears_open_enterprises,
    SUM(CASE WHEN a.repaid_on IS NULL OR a.repaid_on > y.ends THEN a.amount_kzt ELSE 0 END) AS arrears_open_kzt,
    SUM(CASE WHEN a.repaid_on IS NULL OR a.repaid_on > y.ends THEN a.workers ELSE 0 END) AS arrears_open_workers
FROM lr_years y
JOIN arrears a ON a.reported_on <= y.ends
JOIN lr_employers e ON e.bin = a.bin
GROUP BY GROUPING SETS ((y.year, e.region), (y.year))
