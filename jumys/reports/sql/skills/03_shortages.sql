-- Shortages by occupation group and region, for the vacancies posted in the year (in :region alone when
-- it is not 0).
-- The group of a vacancy (and of a job seeker): a named occupation (sk_priority) where it is named is its
-- own NKZ unit group (4 digits): transport in every region, agriculture, health and education only in a
-- rural region (sk_rural); every other occupation counts in its NKZ sub-major group (the first 2 digits,
-- ISCO-08 structure), so that a row is a group an analyst can name.
-- open_60: vacancies still open 60 days after posting (closed_on empty or later than posted_on + 60);
-- seekers: persons on the employment service's register in the year (registered_on on or before
-- 31 December, left_on empty or on or after 1 January) seeking an occupation of the group
-- (job_seekers.nkz) in the region (job_seekers.kato); per_seeker = open_60 / seekers (NULL when nobody
-- seeks it); median_days_to_fill: the median of closed_on - posted_on over the year's filled vacancies.
-- priority: the kind of a named occupation's row; NULL for a sub-major group.
WITH posted AS (
    SELECT substr(v.kato, 1, 2) AS region, v.nkz, v.posted_on, v.closed_on, v.filled
    FROM sk_year y
    JOIN vacancies v ON v.posted_on BETWEEN y.starts AND y.ends
    WHERE :region = 0 OR CAST(substr(v.kato, 1, 2) AS INTEGER) = :region
),
vacancy_groups AS (
    SELECT
        p.region,
        CASE WHEN k.kind IN ('aviation', 'railways', 'shipping') OR (k.kind IS NOT NULL AND r.region IS NOT NULL)
             THEN p.nkz ELSE substr(p.nkz, 1, 2) END AS nkz,
        CASE WHEN k.kind IN ('aviation', 'railways', 'shipping') OR (k.kind IS NOT NULL AND r.region IS NOT NULL)
             THEN k.kind END AS priority,
        COUNT(*) AS vacancies,
        SUM(CASE WHEN p.closed_on IS NULL OR p.closed_on > p.posted_on + 60 THEN 1 ELSE 0 END) AS open_60,
        percentile_cont(0.5) WITHIN GROUP (
            ORDER BY CASE WHEN p.filled AND p.closed_on IS NOT NULL THEN p.closed_on - p.posted_on END
        ) AS median_days_to_fill
    FROM posted p
    LEFT JOIN sk_priority k ON k.nkz = p.nkz
    LEFT JOIN sk_rural r ON r.region = p.region
    GROUP BY 1, 2, 3
),
registered AS (
    SELECT DISTINCT substr(s.kato, 1, 2) AS region, s.nkz, s.person_id
    FROM sk_year y
    JOIN job_seekers s
      ON s.nkz IS NOT NULL AND s.registered_on <= y.ends AND (s.left_on IS NULL OR s.left_on >= y.starts)
    WHERE :region = 0 OR CAST(substr(s.kato, 1, 2) AS INTEGER) = :region
),
seekers AS (
    SELECT
        s.region,
        CASE WHEN k.kind IN ('aviation', 'railways', 'shipping') OR (k.kind IS NOT NULL AND r.region IS NOT NULL)
             THEN s.nkz ELSE substr(s.nkz, 1, 2) END AS nkz,
        COUNT(DISTINCT s.person_id) AS seekers
    FROM registered s
    LEFT JOIN sk_priority k ON k.nkz = s.nkz
    LEFT JOIN sk_rural r ON r.region = s.region
    GROUP BY 1, 2
)
SELECT
    v.region,
    v.nkz,
    v.priority,
    v.vacancies,
    v.open_60,
    COALESCE(s.seekers, 0) AS seekers,
    1.0 * v.open_60 / NULLIF(s.seekers, 0) AS per_seeker,
    v.median_days_to_fill
FROM vacancy_groups v
LEFT JOIN seekers s ON s.region = v.region AND s.nkz = v.nkz
