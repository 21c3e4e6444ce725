-- Shortages by occupation (NKZ unit group) and region, for the vacancies posted in the year (in
-- :region alone when it is not 0).
-- open_60: vacancies still open 60 days after posting (closed_on empty or later than posted_on + 60);
-- seekers: persons on the employment service's register in the year (registered_on on or before
-- 31 December, left_on empty or on or after 1 January) seeking that occupation (job_seekers.nkz) in
-- the region (job_seekers.kato); per_seeker = open_60 / seekers (NULL when nobody seeks it);
-- median_days_to_fill: the median of closed_on - posted_on over the year's filled vacancies.
-- priority: the kind of a named occupation (sk_priority): transport in every region, agriculture,
-- health and education only in a rural region (sk_rural); NULL for the others.
WITH posted AS (
    SELECT substr(v.kato, 1, 2) AS region, v.nkz,
           COUNT(*) AS vacancies,
           SUM(CASE WHEN v.closed_on IS NULL OR v.closed_on > v.posted_on + 60 THEN 1 ELSE 0 END) AS open_60,
           percentile_cont(0.5) WITHIN GROUP (
               ORDER BY CASE WHEN v.filled AND v.closed_on IS NOT NULL THEN v.closed_on - v.posted_on END
           ) AS median_days_to_fill
    FROM sk_year y
    JOIN vacancies v ON v.posted_on BETWEEN y.starts AND y.ends
    WHERE :region = 0 OR CAST(substr(v.kato, 1, 2) AS INTEGER) = :region
    GROUP BY substr(v.kato, 1, 2), v.nkz
),
seekers AS (
    SELECT substr(s.kato, 1, 2) AS region, s.nkz, COUNT(DISTINCT s.person_id) AS seekers
    FROM sk_year y
    JOIN job_seekers s
      ON s.nkz IS NOT NULL AND s.registered_on <= y.ends AND (s.left_on IS NULL OR s.left_on >= y.starts)
    WHERE :region = 0 OR CAST(substr(s.kato, 1, 2) AS INTEGER) = :region
    GROUP BY substr(s.kato, 1, 2), s.nkz
)
SELECT
    p.region,
    p.nkz,
    CASE WHEN k.kind IN ('aviation', 'railways', 'shipping') THEN k.kind
         WHEN k.kind IS NOT NULL AND r.region IS NOT NULL THEN k.kind END AS priority,
    p.vacancies,
    p.open_60,
    COALESCE(s.seekers, 0) AS seekers,
    1.0 * p.open_60 / NULLIF(s.seekers, 0) AS per_seeker,
    p.median_days_to_fill
FROM posted p
LEFT JOIN seekers s ON s.region = p.region AND s.nkz = p.nkz
LEFT JOIN sk_priority k ON k.nkz = p.nkz
LEFT JOIN sk_rural r ON r.region = p.region
