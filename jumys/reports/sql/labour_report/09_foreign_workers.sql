-- Foreign workers and the use of quotas, in the region of the permit's (the quota's) KATO.
-- foreign_workers: distinct persons with a work permit valid on 31 December (issued_on on or before
-- it, valid_until on or after it, not revoked by then); permits_issued: permits issued in the year;
-- quota_units: the year's quota (quotas.units of that year, every category);
-- quota_use = permits issued in the year / quota units (NULL without a quota).
WITH permits_in AS (
    SELECT y.year, substr(p.kato, 1, 2) AS region, p.person_id, p.issued_on, p.valid_until, p.revoked_on,
           y.starts, y.ends
    FROM lr_years y
    JOIN permits p ON p.issued_on <= y.ends
    WHERE :region = 0 OR CAST(substr(p.kato, 1, 2) AS INTEGER) = :region
),
counted AS (
    SELECT year, region,
           COUNT(DISTINCT CASE WHEN valid_until >= ends AND (revoked_on IS NULL OR revoked_on > ends)
                               THEN person_id END) AS foreign_workers,
           SUM(CASE WHEN issued_on >= starts THEN 1 ELSE 0 END) AS permits_issued
    FROM permits_in
    GROUP BY GROUPING SETS ((year, region), (year))
),
quota_in AS (
    SELECT q.year, substr(q.kato, 1, 2) AS region, SUM(q.units) AS quota_units
    FROM quotas q
    JOIN lr_years y ON y.year = q.year
    WHERE :region = 0 OR CAST(substr(q.kato, 1, 2) AS INTEGER) = :region
    GROUP BY GROUPING SETS ((q.year, substr(q.kato, 1, 2)), (q.year))
),
keys AS (
    SELECT year, COALESCE(region, 'KZ') AS region FROM counted
    UNION
    SELECT year, COALESCE(region, 'KZ') AS region FROM quota_in
)
SELECT
    k.year,
    k.region,
    COALESCE(c.foreign_workers, 0) AS foreign_workers,
    COALESCE(c.permits_issued, 0) AS permits_issued,
    q.quota_units,
    1.0 * COALESCE(c.permits_issued, 0) / NULLIF(q.quota_units, 0) AS quota_use
FROM keys k
LEFT JOIN counted c ON c.year = k.year AND COALESCE(c.region, 'KZ') = k.region
LEFT JOIN quota_in q ON q.year = k.year AND COALESCE(q.region, 'KZ') = k.region
