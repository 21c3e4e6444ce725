-- Signal `mass_hiring`: mass hiring followed by mass termination within a short period. Hired: the
-- persons whose contract at the employer started in the :lookback_days days before :as_of, on or
-- after :lookback_from, and whose first :churn_days days are all before :as_of (start_date <=
-- :as_of - :churn_days), so that every one of them could be seen to stay or go. Churned: those of
-- them whose contract ended within its first :churn_days days (end_date <= start_date + :churn_days
-- - 1). The signal shows when churned >= :churn_min and churned is :churn_pct % or more of hired.
-- hired_from and hired_to are the first and last start_date of the churned persons' contracts.
CREATE TEMP TABLE iw_hires AS
SELECT bin, person_id, start_date, end_date,
       CASE WHEN end_date <= start_date + (:churn_days - 1) THEN 1 ELSE 0 END AS churned
FROM contracts
WHERE start_date >= :lookback_from
  AND start_date <= :as_of - :churn_days;

CREATE TEMP TABLE iw_mass_hiring AS
SELECT bin, hired_from, hired_to, hired, churned, churned AS persons
FROM (
    SELECT
        bin,
        MIN(CASE WHEN churned = 1 THEN start_date END) AS hired_from,
        MAX(CASE WHEN churned = 1 THEN start_date END) AS hired_to,
        COUNT(DISTINCT person_id) AS hired,
        COUNT(DISTINCT CASE WHEN churned = 1 THEN person_id END) AS churned
    FROM iw_hires
    GROUP BY bin
) h
WHERE churned >= :churn_min
  AND churned * 100 >= hired * :churn_pct;

CREATE TEMP TABLE iw_mass_hiring_persons AS
SELECT DISTINCT h.bin, h.person_id
FROM iw_hires h
JOIN iw_mass_hiring m ON m.bin = h.bin
WHERE h.churned = 1;
