-- Enterprise risk, step 4: one row per scored employer and cut, every factor side by side.
-- The OKED section comes from the 2-digit division (NK RK 03-2019 follows NACE Rev. 2); the
-- hazard class of the section is today's rule for planning inspections (docs/safety.md):
-- 3 mining, manufacturing, energy, construction; 2 agriculture, water and waste, transport; 1 others.
-- lat and lon are where the employer is (NULL: not placed), stored with the score for the map.
CREATE TEMP TABLE risk_features AS
WITH sections AS (
    SELECT
        s.k,
        s.bin,
        e.kato,
        e.lat,
        e.lon,
        CASE
            WHEN d BETWEEN 1 AND 3 THEN 'A' WHEN d BETWEEN 5 AND 9 THEN 'B' WHEN d BETWEEN 10 AND 33 THEN 'C'
            WHEN d = 35 THEN 'D' WHEN d BETWEEN 36 AND 39 THEN 'E' WHEN d BETWEEN 41 AND 43 THEN 'F'
            WHEN d BETWEEN 45 AND 47 THEN 'G' WHEN d BETWEEN 49 AND 53 THEN 'H' WHEN d BETWEEN 55 AND 56 THEN 'I'
            WHEN d BETWEEN 58 AND 63 THEN 'J' WHEN d BETWEEN 64 AND 66 THEN 'K' WHEN d = 68 THEN 'L'
            WHEN d BETWEEN 69 AND 75 THEN 'M' WHEN d BETWEEN 77 AND 82 THEN 'N' WHEN d = 84 THEN 'O'
            WHEN d = 85 THEN 'P' WHEN d BETWEEN 86 AND 88 THEN 'Q' WHEN d BETWEEN 90 AND 93 THEN 'R'
            WHEN d BETWEEN 94 AND 96 THEN 'S' WHEN d BETWEEN 97 AND 98 THEN 'T' ELSE 'U'
        END AS section
    FROM risk_staff s
    JOIN (SELECT bin, kato, lat, lon, CAST(substr(oked, 1, 2) AS INTEGER) AS d FROM employers) e
        ON e.bin = s.bin
)
SELECT
    s.k,
    s.bin,
    substr(x.kato, 1, 2) AS region,
    x.section,
    x.lat,
    x.lon,
    CASE WHEN x.section IN ('B', 'C', 'D', 'F') THEN 3 WHEN x.section IN ('A', 'E', 'H') THEN 2 ELSE 1 END
        AS hazard,
    s.size,
    s.avg_headcount,
    COALESCE(n.injuries_weighted, 0) AS injuries_weighted,
    CASE WHEN s.avg_headcount > 0 THEN 100.0 * COALESCE(n.injuries_weighted, 0) / s.avg_headcount END
        AS injuries_per_100,
    COALESCE(i.inspections, 0) AS inspections,
    CASE WHEN i.inspections > 0 THEN 1.0 * i.with_violations / i.inspections END AS violation_share,
    COALESCE(i.violations, 0) AS violations,
    COALESCE(i.fines_kzt, 0) AS fines_kzt,
    i.days_since_inspection,
    COALESCE(a.arrears_kzt, 0) AS arrears_kzt,
    COALESCE(a.arrears_workers, 0) AS arrears_workers,
    1.0 * s.harmful / s.size AS harmful_share,
    CASE WHEN s.avg_headcount_12m > 0 THEN s.ended_12m / s.avg_headcount_12m END AS churn,
    1.0 * s.low_pay / s.size AS low_pay_share,
    CASE WHEN s.payable > 0 THEN 1.0 * s.unconfirmed / s.payable END AS unconfirmed_share,
    CASE WHEN v.joined_on < t.cut THEN 1 ELSE 0 END AS vision_zero,
    CASE WHEN o.bin IS NULL THEN 0 ELSE 1 END AS inspected_next,
    COALESCE(o.violation, 0) AS violation_next,
    CASE WHEN sv.bin IS NULL THEN 0 ELSE 1 END AS severe_next
FROM risk_staff s
JOIN risk_cuts t ON t.k = s.k
JOIN sections x ON x.k = s.k AND x.bin = s.bin
LEFT JOIN risk_incidents n ON n.k = s.k AND n.bin = s.bin
LEFT JOIN risk_inspections i ON i.k = s.k AND i.bin = s.bin
LEFT JOIN risk_arrears a ON a.k = s.k AND a.bin = s.bin
LEFT JOIN risk_inspected_next o ON o.k = s.k AND o.bin = s.bin
LEFT JOIN vision_zero v ON v.bin = s.bin
LEFT JOIN risk_severe_next sv ON sv.k = s.k AND sv.bin = s.bin;
