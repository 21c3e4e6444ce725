-- Signal `mass_layoff`: contracts ended within :layoff_days days before :as_of (end_date in
-- [:layoff_from, :as_of)) numbering :layoff_any or more, or :layoff_min or more that are also
-- :layoff_pct % or more of the staff. Staff: the contracts in force at :layoff_from (started on or
-- before it, not ended before it).
CREATE TEMP TABLE w_layoff_ended AS
SELECT bin, COUNT(*) AS ended
FROM contracts
WHERE end_date >= :layoff_from
  AND end_date < :as_of
GROUP BY bin
HAVING COUNT(*) >= :layoff_min OR COUNT(*) >= :layoff_any;

CREATE TEMP TABLE w_mass_layoff AS
SELECT e.bin, :last_month AS month, :layoff_from AS ended_from, e.ended, COALESCE(s.staff, 0) AS staff
FROM w_layoff_ended e
LEFT JOIN (
    SELECT c.bin, COUNT(*) AS staff
    FROM contracts c
    JOIN w_layoff_ended x ON x.bin = c.bin
    WHERE c.start_date <= :layoff_from
      AND (c.end_date IS NULL OR c.end_date >= :layoff_from)
    GROUP BY c.bin
) s ON s.bin = e.bin
WHERE e.ended >= :layoff_any
   OR (e.ended >= :layoff_min AND e.ended * 100 >= COALESCE(s.staff, 0) * :layoff_pct);
