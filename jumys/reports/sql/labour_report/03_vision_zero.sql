-- Vision Zero: enterprises in the programme at the end of the year (joined_on on or before
-- 31 December), and those of them that joined in the year (joined_on within the year).
SELECT
    y.year,
    COALESCE(e.region, 'KZ') AS region,
    COUNT(*) AS vision_zero,
    SUM(CASE WHEN v.joined_on >= y.starts THEN 1 ELSE 0 END) AS vision_zero_joined
FROM lr_years y
JOIN vision_zero v ON v.joined_on <= y.ends
JOIN lr_employers e ON e.bin = v.bin
GROUP BY GROUPING SETS ((y.year, e.region), (y.year))
