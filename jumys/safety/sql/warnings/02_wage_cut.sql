-- Signal `wage_cut`: the median monthly wage of the same persons down by :wage_cut_pct % or more.
-- The same persons: those the employer paid a wage (payroll wage_kzt > 0) both in :last_month, the
-- last full month before :as_of, and in :base_month, three months before it, on a contract in force
-- from the first day of :base_month to the last of :last_month (so no wage of a part month, of a
-- person joining or leaving, is compared); at least :min_persons of them. A person's contracts are
-- those of w_tenure and w_tenure_several (months/02_tenure.sql). Medians are the middle value (the
-- mean of the two middle values for an even count).
CREATE TEMP TABLE w_wage_pairs AS
SELECT cur.bin, cur.person_id, cur.wage_kzt AS wage_now, base.wage_kzt AS wage_before
FROM payroll cur
JOIN (
    SELECT t.bin, t.person_id
    FROM w_tenure t
    WHERE t.contracts = 1
      AND t.start_date <= :base_month
      AND (t.end_date IS NULL OR t.end_date >= :last_month_end)
    UNION ALL
    SELECT DISTINCT c.bin, c.person_id
    FROM w_tenure_several c
    WHERE c.start_date <= :base_month
      AND (c.end_date IS NULL OR c.end_date >= :last_month_end)
) same ON same.bin = cur.bin AND same.person_id = cur.person_id
JOIN payroll base
    ON base.bin = cur.bin
   AND base.person_id = cur.person_id
   AND base.period = :base_month
   AND base.wage_kzt > 0
WHERE cur.period = :last_month
  AND cur.wage_kzt > 0;

CREATE TEMP TABLE w_wage_cut AS
SELECT bin, month, base_month, persons, median_before, median_now
FROM (
    SELECT
        bin,
        :last_month AS month,
        :base_month AS base_month,
        COUNT(*) AS persons,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY wage_before) AS median_before,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY wage_now) AS median_now
    FROM w_wage_pairs
    GROUP BY bin
) m
WHERE persons >= :min_persons
  AND median_now * 100 <= median_before * (100 - :wage_cut_pct);
