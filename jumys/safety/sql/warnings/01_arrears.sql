-- Signal `arrears`: wage arrears reported in the month before :as_of ([:month_ago, :as_of)), or
-- growing: the amount or the workers of the arrears open at :as_of above those open at :month_ago.
-- An arrear is open at a date d when it was reported before d and not repaid before d
-- (repaid_on IS NULL or repaid_on >= d): a repayment dated d or later is not known at d.
CREATE TEMP TABLE w_arrears AS
SELECT bin, month, reported, reported_kzt, reported_workers, open_kzt, open_workers, previous_kzt, previous_workers
FROM (
    SELECT
        a.bin,
        :last_month AS month,
        COUNT(CASE WHEN a.reported_on >= :month_ago THEN 1 END) AS reported,
        CAST(SUM(CASE WHEN a.reported_on >= :month_ago THEN a.amount_kzt ELSE 0 END) AS BIGINT) AS reported_kzt,
        CAST(SUM(CASE WHEN a.reported_on >= :month_ago THEN a.workers ELSE 0 END) AS BIGINT) AS reported_workers,
        CAST(SUM(CASE WHEN a.repaid_on IS NULL OR a.repaid_on >= :as_of THEN a.amount_kzt ELSE 0 END) AS BIGINT)
            AS open_kzt,
        CAST(SUM(CASE WHEN a.repaid_on IS NULL OR a.repaid_on >= :as_of THEN a.workers ELSE 0 END) AS BIGINT)
            AS open_workers,
        CAST(SUM(CASE WHEN a.reported_on < :month_ago THEN a.amount_kzt ELSE 0 END) AS BIGINT) AS previous_kzt,
        CAST(SUM(CASE WHEN a.reported_on < :month_ago THEN a.workers ELSE 0 END) AS BIGINT) AS previous_workers
    FROM arrears a
    WHERE a.reported_on < :as_of
      AND (a.repaid_on IS NULL OR a.repaid_on >= :month_ago)  -- open at :month_ago or at :as_of
    GROUP BY a.bin
) s
WHERE reported > 0 OR open_kzt > previous_kzt OR open_workers > previous_workers;
