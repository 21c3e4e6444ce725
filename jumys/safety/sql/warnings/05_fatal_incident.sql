-- Signal `fatal_incident`: a fatal occupational accident in the month before :as_of
-- (occurred_on in [:month_ago, :as_of)). The signal's month is the month of the last one.
CREATE TEMP TABLE w_fatal_incident AS
SELECT
    bin,
    CAST(date_trunc('month', MAX(occurred_on)) AS DATE) AS month,
    COUNT(*) AS incidents,
    CAST(SUM(victims) AS BIGINT) AS victims,
    MAX(occurred_on) AS occurred_on
FROM incidents
WHERE severity = 'fatal'
  AND occurred_on >= :month_ago
  AND occurred_on < :as_of
GROUP BY bin;
