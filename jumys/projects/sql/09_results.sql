-- One row per project at :as_of.
-- verified permanent jobs = min(credited, max(0, current - baseline)).
-- Status: pending before window(P) starts; at or after the deadline fulfilled when verified >=
-- promised, else failed; before it, on_track when verified >= expected, else at_risk, where
-- expected = floor(promised * clamp((as_of - start_date) / (deadline - start_date), 0, 1)).
-- wage_share = wage_bill_kzt / investment_kzt, measured against :wage_share_target.
INSERT INTO fact_project_verification (
    as_of, project_id, region, status, promised_permanent_jobs, promised_temporary_jobs, expected_jobs,
    verified_permanent_jobs, credited, provisional, unconfirmed, baseline_headcount, current_headcount,
    youth_jobs, temporary_jobs, wage_bill_kzt, investment_kzt, wage_share, meets_wage_share,
    mean_salary_kzt, region_avg_wage_kzt, salary_ratio, harmful_share
)
WITH counts AS (
    SELECT
        project_id,
        SUM(CASE WHEN best = 1 THEN 1 ELSE 0 END) AS credited,
        SUM(CASE WHEN best = 2 THEN 1 ELSE 0 END) AS provisional,
        SUM(CASE WHEN best = 3 THEN 1 ELSE 0 END) AS unconfirmed
    FROM v_permanent_persons
    GROUP BY project_id
),
youth AS (
    SELECT project_id, COUNT(DISTINCT person_id) AS youth_jobs
    FROM v_job_contracts
    WHERE status = 'credited' AND age_at_start <= :youth_age
    GROUP BY project_id
),
quality AS (
    SELECT
        project_id,
        AVG(CAST(salary_kzt AS DOUBLE PRECISION)) AS mean_salary_kzt,
        AVG(CASE WHEN conditions IN ('harmful', 'hazardous') THEN 1.0 ELSE 0.0 END) AS harmful_share
    FROM v_job_contracts
    WHERE status = 'credited'
    GROUP BY project_id
),
measured AS (
    SELECT
        p.project_id,
        substr(p.kato, 1, 2) AS region,
        p.start_date,
        p.deadline,
        p.promised_permanent_jobs,
        p.promised_temporary_jobs,
        p.investment_kzt,
        COALESCE(c.credited, 0) AS credited,
        COALESCE(c.provisional, 0) AS provisional,
        COALESCE(c.unconfirmed, 0) AS unconfirmed,
        COALESCE(h.baseline, 0) AS baseline_headcount,
        COALESCE(h.current_headcount, 0) AS current_headcount,
        LEAST(COALESCE(c.credited, 0), GREATEST(0, COALESCE(h.current_headcount, 0) - COALESCE(h.baseline, 0)))
            AS verified,
        CAST(FLOOR(p.promised_permanent_jobs
                   * LEAST(GREATEST(:as_of - p.start_date, 0), p.deadline - p.start_date)
                   / (p.deadline - p.start_date)) AS BIGINT) AS expected_jobs,
        COALESCE(y.youth_jobs, 0) AS youth_jobs,
        COALESCE(t.temporary_jobs, 0) AS temporary_jobs,
        COALESCE(w.wage_bill_kzt, 0) AS wage_bill_kzt,
        q.mean_salary_kzt,
        q.harmful_share,
        rw.avg_wage_kzt AS region_avg_wage_kzt
    FROM v_projects p
    LEFT JOIN counts c ON c.project_id = p.project_id
    LEFT JOIN v_headcount h ON h.project_id = p.project_id
    LEFT JOIN youth y ON y.project_id = p.project_id
    LEFT JOIN v_temporary t ON t.project_id = p.project_id
    LEFT JOIN v_wage_bill w ON w.project_id = p.project_id
    LEFT JOIN quality q ON q.project_id = p.project_id
    LEFT JOIN v_region_wage rw ON rw.region = substr(p.kato, 1, 2)
)
SELECT
    :as_of,
    project_id,
    region,
    CASE
        WHEN :as_of < start_date - :window_days THEN 'pending'
        WHEN deadline <= :as_of THEN CASE WHEN verified >= promised_permanent_jobs THEN 'fulfilled' ELSE 'failed' END
        WHEN verified >= expected_jobs THEN 'on_track'
        ELSE 'at_risk'
    END,
    promised_permanent_jobs,
    promised_temporary_jobs,
    expected_jobs,
    verified,
    credited,
    provisional,
    unconfirmed,
    baseline_headcount,
    current_headcount,
    youth_jobs,
    temporary_jobs,
    wage_bill_kzt,
    investment_kzt,
    CASE WHEN investment_kzt > 0 THEN CAST(wage_bill_kzt AS DOUBLE PRECISION) / investment_kzt END,
    CASE WHEN investment_kzt > 0 THEN wage_bill_kzt * :wage_share_den >= investment_kzt * :wage_share_num END,
    mean_salary_kzt,
    region_avg_wage_kzt,
    CASE WHEN region_avg_wage_kzt > 0 THEN mean_salary_kzt / region_avg_wage_kzt END,
    harmful_share
FROM measured;

-- The evidence: every contract assigned to a project at :as_of, with its class.
INSERT INTO fact_project_jobs (
    as_of, project_id, contract_id, person_id, job_kind, status, start_date, months_checked,
    paid_months, youth, salary_kzt, nkz_major, conditions
)
SELECT
    :as_of, project_id, contract_id, person_id, job_kind, status, start_date, months_checked,
    paid_months, age_at_start <= :youth_age, salary_kzt, substr(nkz, 1, 1), conditions
FROM v_job_contracts;
