-- Signal `mass_hiring`: mass hiring followed by mass termination within a short period. The periods
-- looked at: the :churn_days days from each day on which the employer hired (a contract's
-- start_date) in the :lookback_days days before :as_of. In a period, hired = the persons whose
-- contract started in it; churned = those of them whose contract also ended in it, before :as_of.
-- The signal shows when churned >= :churn_min and churned is :churn_pct % or more of hired; the
-- period with the most churned persons is shown (the earliest of equals).
CREATE TEMP TABLE iw_hires AS
SELECT bin, person_id, start_date, end_date
FROM contracts
WHERE start_date >= :lookback_from
  AND start_date < :as_of;

CREATE TEMP TABLE iw_hire_windows AS
SELECT w.bin, w.hired_from, w.hired_to, w.hired, w.churned
FROM (
    SELECT
        d.bin,
        d.start_date AS hired_from,
        d.start_date + (:churn_days - 1) AS hired_to,
        COUNT(DISTINCT h.person_id) AS hired,
        COUNT(DISTINCT CASE WHEN h.end_date <= d.start_date + (:churn_days - 1) AND h.end_date < :as_of
                            THEN h.person_id END) AS churned
    FROM (SELECT DISTINCT bin, start_date FROM iw_hires) d
    JOIN iw_hires h
        ON h.bin = d.bin
       AND h.start_date >= d.start_date
       AND h.start_date <= d.start_date + (:churn_days - 1)
    GROUP BY d.bin, d.start_date
) w
WHERE w.churned >= :churn_min
  AND w.churned * 100 >= w.hired * :churn_pct;

CREATE TEMP TABLE iw_mass_hiring AS
SELECT bin, hired_from, hired_to, hired, churned, persons
FROM (
    SELECT w.*, w.churned AS persons,
           row_number() OVER (PARTITION BY w.bin ORDER BY w.churned DESC, w.hired_from) AS rn
    FROM iw_hire_windows w
) m
WHERE rn = 1;

CREATE TEMP TABLE iw_mass_hiring_persons AS
SELECT DISTINCT m.bin, h.person_id
FROM iw_mass_hiring m
JOIN iw_hires h
    ON h.bin = m.bin
   AND h.start_date >= m.hired_from
   AND h.start_date <= m.hired_to
   AND h.end_date <= m.hired_to
   AND h.end_date < :as_of;
