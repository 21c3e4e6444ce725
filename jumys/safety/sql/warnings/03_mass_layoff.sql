-- Signal `mass_layoff`: contracts ended within :layoff_days days numbering :layoff_any or more, or
-- :layoff_min or more that are also :layoff_pct % or more of the staff. The windows looked at are
-- the :layoff_days days up to and including each day on which a contract of the employer ended in
-- the month before :as_of (end_date in [:month_ago, :as_of)), so a monthly run sees every layoff
-- whose window closed in the month; the window with the most ended contracts is shown (the
-- earliest of equals). Staff: the contracts in force on the window's first day (started on or
-- before it, not ended before it).
CREATE TEMP TABLE w_layoff_ends AS
SELECT bin, end_date
FROM contracts
WHERE end_date >= :layoff_from
  AND end_date < :as_of;

CREATE TEMP TABLE w_layoff_windows AS
SELECT w.bin, w.ended_from, w.ended_to, w.ended
FROM (
    SELECT
        e.bin,
        e.end_date - (:layoff_days - 1) AS ended_from,
        e.end_date AS ended_to,
        (SELECT COUNT(*) FROM w_layoff_ends x
          WHERE x.bin = e.bin AND x.end_date >= e.end_date - (:layoff_days - 1) AND x.end_date <= e.end_date) AS ended
    FROM (SELECT DISTINCT bin, end_date FROM w_layoff_ends WHERE end_date >= :month_ago) e
) w
WHERE w.ended >= :layoff_min OR w.ended >= :layoff_any;

-- The staff on a window's first day d, counted from :layoff_from, the earliest first day: the
-- contracts in force on :layoff_from, plus those started after it and on or before d, minus those
-- ended on or after it and before d (a contract never ends before it starts), which is the contracts
-- in force on d without matching every window with every contract of its employer.
CREATE TEMP TABLE w_layoff_staff AS
WITH employers AS (
    SELECT DISTINCT bin FROM w_layoff_windows
),
anchor AS (
    SELECT c.bin, COUNT(*) AS staff
    FROM contracts c
    JOIN employers e ON e.bin = c.bin
    WHERE c.start_date <= :layoff_from
      AND (c.end_date IS NULL OR c.end_date >= :layoff_from)
    GROUP BY c.bin
),
moves AS (  -- from the day on which it counts: +1 on the start, -1 on the day after the end
    SELECT c.bin, c.start_date AS day, COUNT(*) AS change
    FROM contracts c
    JOIN employers e ON e.bin = c.bin
    WHERE c.start_date > :layoff_from
      AND c.start_date < :as_of
    GROUP BY c.bin, c.start_date
    UNION ALL
    SELECT c.bin, c.end_date + 1 AS day, -COUNT(*) AS change
    FROM contracts c
    JOIN employers e ON e.bin = c.bin
    WHERE c.end_date >= :layoff_from
      AND c.end_date < :as_of
    GROUP BY c.bin, c.end_date
)
SELECT
    w.bin,
    w.ended_from,
    w.ended_to,
    w.ended,
    CAST(COALESCE(a.staff, 0) + COALESCE(SUM(m.change), 0) AS BIGINT) AS staff
FROM w_layoff_windows w
LEFT JOIN anchor a ON a.bin = w.bin
LEFT JOIN moves m ON m.bin = w.bin AND m.day <= w.ended_from
GROUP BY w.bin, w.ended_from, w.ended_to, w.ended, a.staff;

CREATE TEMP TABLE w_mass_layoff AS
SELECT bin, month, ended_from, ended_to, ended, staff
FROM (
    SELECT
        s.*,
        CAST(date_trunc('month', s.ended_to) AS DATE) AS month,
        row_number() OVER (PARTITION BY s.bin ORDER BY s.ended DESC, s.ended_to) AS rn
    FROM w_layoff_staff s
    WHERE s.ended >= :layoff_any
       OR (s.ended >= :layoff_min AND s.ended * 100 >= s.staff * :layoff_pct)
) m
WHERE rn = 1;
