-- The months whose payroll a run reads, done once for all its monthly windows: from :first_staff_month
-- (the month before the last full month of the oldest window) to :last_month (the last full month
-- before :as_of), each with its last day. A month of which the payroll holds no row at all has not
-- been delivered and is left out.
CREATE TEMP TABLE w_months AS
SELECT months.month, CAST(months.month + INTERVAL '1 month' AS DATE) - 1 AS month_end
FROM (
    SELECT CAST(g.m AS DATE) AS month
    FROM generate_series(
        CAST(:first_staff_month AS TIMESTAMP), CAST(:last_month AS TIMESTAMP), INTERVAL '1 month'
    ) AS g(m)
) months
WHERE EXISTS (SELECT 1 FROM payroll delivered WHERE delivered.period = months.month);
