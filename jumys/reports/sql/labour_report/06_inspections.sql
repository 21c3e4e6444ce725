-- Labour inspections of the year (inspected_on within the year): how many, the violations they
-- found and the fines they imposed (fine_kzt).
SELECT
    y.year,
    COALESCE(e.region, 'KZ') AS region,
    COUNT(*) AS inspections,
    SUM(n.violations) AS violations,
    SUM(n.fine_kzt) AS fines_kzt
FROM lr_years y
JOIN inspections n ON n.inspected_on BETWEEN y.starts AND y.ends
JOIN lr_employers e ON e.bin = n.bin
GROUP BY GROUPING SETS ((y.year, e.region), (y.year))
