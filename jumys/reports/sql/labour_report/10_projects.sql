-- Investment projects: permanent jobs promised and verified, from the job-creation verification
-- (fact_project_verification, docs/methodology.md) at the newest as-of date within the year
-- (on or after 1 January, on or before 31 December); nothing when no date of the year was verified.
WITH dates AS (
    SELECT y.year, MAX(f.as_of) AS as_of
    FROM lr_years y
    JOIN fact_project_verification f ON f.as_of BETWEEN y.starts AND y.ends
    GROUP BY y.year
)
SELECT
    d.year,
    COALESCE(f.region, 'KZ') AS region,
    MAX(d.as_of) AS projects_as_of,
    COUNT(*) AS projects,
    SUM(f.promised_permanent_jobs) AS jobs_promised,
    SUM(f.verified_permanent_jobs) AS jobs_verified
FROM dates d
JOIN fact_project_verification f ON f.as_of = d.as_of
WHERE :region = 0 OR CAST(f.region AS INTEGER) = :region
GROUP BY GROUPING SETS ((d.year, f.region), (d.year))
