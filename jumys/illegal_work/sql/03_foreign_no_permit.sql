-- Signal `foreign_no_permit`: a foreigner (persons.status 'foreigner') working at an employer in a
-- month without a permit for that employer valid in that month. Months looked at: the
-- :lookback_months months before the month of :as_of (in [:from_month, :this_month)). Working at
-- the employer in a month: a payroll row of the month from it with wage_kzt > 0 or opv_kzt > 0, or a
-- contract at it overlapping the month (started on or before the month's last day, not ended before
-- its first). A permit is valid in a month when it was issued before :as_of and on or before the
-- month's last day, is valid_until on or after the month's first day, and was not revoked before the
-- month's first day. A permit of the person for another employer does not count; such a person is
-- counted in `other_employer` as well (the permit's employer is not this one).
CREATE TEMP TABLE iw_months_back AS
SELECT CAST(:this_month - INTERVAL '1 month' * g.k AS DATE) AS month
FROM generate_series(1, :lookback_months) AS g(k);

CREATE TEMP TABLE iw_foreign_work AS
SELECT w.bin, w.person_id, w.month, CAST(SUM(w.wage_kzt) AS BIGINT) AS wage_kzt
FROM (
    SELECT p.bin, p.person_id, p.period AS month, p.wage_kzt
    FROM payroll p
    JOIN persons f ON f.person_id = p.person_id AND f.status = 'foreigner'
    WHERE p.period >= :from_month
      AND p.period < :this_month
      AND (p.wage_kzt > 0 OR p.opv_kzt > 0)
    UNION ALL
    SELECT c.bin, c.person_id, m.month, 0 AS wage_kzt
    FROM contracts c
    JOIN persons f ON f.person_id = c.person_id AND f.status = 'foreigner'
    JOIN iw_months_back m
        ON c.start_date < CAST(m.month + INTERVAL '1 month' AS DATE)
       AND (c.end_date IS NULL OR c.end_date >= m.month)
    WHERE c.start_date < :as_of
) w
GROUP BY w.bin, w.person_id, w.month;

CREATE TEMP TABLE iw_foreign_rows AS
SELECT w.bin, w.person_id, w.month, w.wage_kzt,
       CASE WHEN EXISTS (
           SELECT 1 FROM permits o
           WHERE o.person_id = w.person_id
             AND o.issued_on < :as_of
             AND o.issued_on < CAST(w.month + INTERVAL '1 month' AS DATE)
             AND o.valid_until >= w.month
             AND (o.revoked_on IS NULL OR o.revoked_on >= w.month)
       ) THEN 1 ELSE 0 END AS permit_elsewhere
FROM iw_foreign_work w
WHERE NOT EXISTS (
    SELECT 1 FROM permits o
    WHERE o.person_id = w.person_id
      AND o.bin = w.bin
      AND o.issued_on < :as_of
      AND o.issued_on < CAST(w.month + INTERVAL '1 month' AS DATE)
      AND o.valid_until >= w.month
      AND (o.revoked_on IS NULL OR o.revoked_on >= w.month)
);

CREATE TEMP TABLE iw_foreign_no_permit_persons AS
SELECT DISTINCT bin, person_id FROM iw_foreign_rows;

CREATE TEMP TABLE iw_foreign_no_permit AS
SELECT bin, COUNT(DISTINCT person_id) AS persons,
       COUNT(DISTINCT CASE WHEN permit_elsewhere = 1 THEN person_id END) AS other_employer,
       COUNT(*) AS person_months, MIN(month) AS first_month, MAX(month) AS last_month,
       CAST(SUM(wage_kzt) AS BIGINT) AS wage_kzt
FROM iw_foreign_rows
GROUP BY bin;
