-- Every count is of distinct persons: a person counts once per project however many
-- contracts they hold. A person whose contracts at P fall in different classes is counted in
-- the best one: credited, else provisional, else unconfirmed.
CREATE TEMP TABLE v_job_contracts AS
SELECT
    a.project_id,
    a.contract_id,
    a.person_id,
    a.bin,
    a.job_kind,
    a.start_date,
    a.salary_kzt,
    a.nkz,
    a.conditions,
    CASE WHEN a.job_kind = 'permanent' THEN pd.status ELSE NULL END AS status,
    pd.n AS months_checked,
    pd.paid_months,
    -- age on the contract's start date: whole years completed since the birth date
    (EXTRACT(YEAR FROM a.start_date) - EXTRACT(YEAR FROM pe.birth_date))
      - CASE WHEN EXTRACT(MONTH FROM a.start_date) * 100 + EXTRACT(DAY FROM a.start_date)
                < EXTRACT(MONTH FROM pe.birth_date) * 100 + EXTRACT(DAY FROM pe.birth_date)
             THEN 1 ELSE 0 END AS age_at_start
FROM v_assigned a
JOIN persons pe ON pe.person_id = a.person_id
LEFT JOIN v_paid pd ON pd.contract_id = a.contract_id;

CREATE TEMP TABLE v_permanent_persons AS
SELECT
    project_id,
    person_id,
    MIN(CASE status WHEN 'credited' THEN 1 WHEN 'provisional' THEN 2 ELSE 3 END) AS best
FROM v_job_contracts
WHERE job_kind = 'permanent'
GROUP BY project_id, person_id;
