-- Signal `multi_employer`: one person holding contracts at :employers_min or more employers on one
-- day. The days looked at: the :lookback_days days before :as_of; the most employers at once are
-- reached on a day a contract starts, so the days checked are each contract's start_date (or the
-- first day looked at, for a contract that started before it). Every employer holding one of the
-- person's contracts on such a day shows the signal; its evidence: how many such persons, the
-- most employers one of them held at once, and the first day it happened.
CREATE TEMP TABLE iw_spans AS
SELECT c.bin, c.person_id, c.start_date, c.end_date
FROM contracts c
WHERE c.start_date < :as_of
  AND (c.end_date IS NULL OR c.end_date >= :lookback_from)
  AND c.person_id IN (
      SELECT x.person_id
      FROM contracts x
      WHERE x.start_date < :as_of
        AND (x.end_date IS NULL OR x.end_date >= :lookback_from)
      GROUP BY x.person_id
      HAVING COUNT(DISTINCT x.bin) >= :employers_min
  );

CREATE TEMP TABLE iw_multi_days AS
SELECT d.person_id, d.day, COUNT(DISTINCT s.bin) AS employers
FROM (
    SELECT DISTINCT person_id,
           CASE WHEN start_date < :lookback_from THEN :lookback_from ELSE start_date END AS day
    FROM iw_spans
) d
JOIN iw_spans s
    ON s.person_id = d.person_id
   AND s.start_date <= d.day
   AND (s.end_date IS NULL OR s.end_date >= d.day)
GROUP BY d.person_id, d.day
HAVING COUNT(DISTINCT s.bin) >= :employers_min;

CREATE TEMP TABLE iw_multi_rows AS
SELECT DISTINCT s.bin, s.person_id, d.day, d.employers
FROM iw_multi_days d
JOIN iw_spans s
    ON s.person_id = d.person_id
   AND s.start_date <= d.day
   AND (s.end_date IS NULL OR s.end_date >= d.day);

CREATE TEMP TABLE iw_multi_employer_persons AS
SELECT DISTINCT bin, person_id FROM iw_multi_rows;

CREATE TEMP TABLE iw_multi_employer AS
SELECT bin, COUNT(DISTINCT person_id) AS persons, MAX(employers) AS most_employers, MIN(day) AS first_on
FROM iw_multi_rows
GROUP BY bin;
