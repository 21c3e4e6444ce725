-- Rule 6, which does not depend on the project: of the last n = min(:max_months, full months
-- up to :as_of) full months of the contract, at least ceil(:paid_share * n) have a payroll row
-- from the contract's employer for that person with opv_kzt > 0; n must be at least 1.
-- A full month lies wholly inside [start_date, as_of): its first day >= start_date and its last
-- day < as_of. The last full month is therefore always the month before as_of's month, and the
-- first is start_date's month when start_date is the 1st, else the month after.
-- ceil(share * n) <= paid  is tested as  paid * :paid_den >= n * :paid_num  (exact integers).
CREATE TEMP TABLE v_months AS
SELECT
    contract_id,
    person_id,
    bin,
    CASE
        WHEN full_months <= 0 THEN 0
        WHEN full_months > :max_months THEN :max_months
        ELSE full_months
    END AS n
FROM (
    SELECT
        a.contract_id,
        a.person_id,
        a.bin,
        (EXTRACT(YEAR FROM CAST(:last_full_month AS DATE)) * 12 + EXTRACT(MONTH FROM CAST(:last_full_month AS DATE)))
        - (EXTRACT(YEAR FROM a.start_date) * 12 + EXTRACT(MONTH FROM a.start_date))
        + CASE WHEN EXTRACT(DAY FROM a.start_date) = 1 THEN 1 ELSE 0 END AS full_months
    FROM v_assigned a
    WHERE a.job_kind = 'permanent'
) m;

CREATE TEMP TABLE v_paid AS
SELECT
    m.contract_id,
    m.n,
    COUNT(pr.period) AS paid_months,
    CASE
        WHEN m.n = 0 THEN 'provisional'
        WHEN COUNT(pr.period) * :paid_den >= m.n * :paid_num THEN 'credited'
        ELSE 'unconfirmed'
    END AS status
FROM v_months m
LEFT JOIN payroll pr
    ON pr.person_id = m.person_id
   AND pr.bin = m.bin
   AND pr.opv_kzt > 0
   AND pr.period <= CAST(:last_full_month AS DATE)
   AND pr.period >= CAST(:first_checked_month AS DATE)  -- the earliest month any contract can need
   AND (EXTRACT(YEAR FROM CAST(:last_full_month AS DATE)) * 12 + EXTRACT(MONTH FROM CAST(:last_full_month AS DATE)))
       - (EXTRACT(YEAR FROM pr.period) * 12 + EXTRACT(MONTH FROM pr.period)) < m.n
GROUP BY m.contract_id, m.n;
