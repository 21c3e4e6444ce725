-- Region scorecards for akims at :as_of, from the stored verification of that date.
-- fulfilment = verified / promised permanent jobs of the region's projects; regions are ranked
-- by it (1 = best; ties by verified jobs, then region code). youth_share = youth jobs / credited;
-- wage_rule_share = projects whose wages reach the target share of investment / projects with an
-- investment, pending projects left out; mean_salary_kzt = mean salary of the credited contracts
-- against the region's average wage.
INSERT INTO fact_region_scorecard (
    as_of, region, projects, pending, on_track, at_risk, fulfilled, failed,
    promised_permanent_jobs, verified_permanent_jobs, fulfilment, credited, youth_jobs, youth_share,
    wage_rule_projects, wage_rule_share, mean_salary_kzt, region_avg_wage_kzt, salary_ratio,
    unconfirmed, temporary_jobs, rank
)
WITH per_region AS (
    SELECT
        v.region,
        COUNT(*) AS projects,
        SUM(CASE WHEN v.status = 'pending' THEN 1 ELSE 0 END) AS pending,
        SUM(CASE WHEN v.status = 'on_track' THEN 1 ELSE 0 END) AS on_track,
        SUM(CASE WHEN v.status = 'at_risk' THEN 1 ELSE 0 END) AS at_risk,
        SUM(CASE WHEN v.status = 'fulfilled' THEN 1 ELSE 0 END) AS fulfilled,
        SUM(CASE WHEN v.status = 'failed' THEN 1 ELSE 0 END) AS failed,
        SUM(v.promised_permanent_jobs) AS promised_permanent_jobs,
        SUM(v.verified_permanent_jobs) AS verified_permanent_jobs,
        SUM(v.credited) AS credited,
        SUM(v.youth_jobs) AS youth_jobs,
        SUM(CASE WHEN v.status <> 'pending' AND v.meets_wage_share THEN 1 ELSE 0 END) AS wage_rule_projects,
        SUM(CASE WHEN v.status <> 'pending' AND v.investment_kzt > 0 THEN 1 ELSE 0 END) AS wage_rule_base,
        MAX(v.region_avg_wage_kzt) AS region_avg_wage_kzt,
        SUM(v.unconfirmed) AS unconfirmed,
        SUM(v.temporary_jobs) AS temporary_jobs
    FROM fact_project_verification v
    WHERE v.as_of = :as_of
    GROUP BY v.region
),
salaries AS (
    SELECT v.region, AVG(CAST(j.salary_kzt AS DOUBLE PRECISION)) AS mean_salary_kzt
    FROM fact_project_jobs j
    JOIN fact_project_verification v ON v.as_of = j.as_of AND v.project_id = j.project_id
    WHERE j.as_of = :as_of AND j.status = 'credited'
    GROUP BY v.region
),
scored AS (
    SELECT
        r.*,
        CASE WHEN r.promised_permanent_jobs > 0
             THEN CAST(r.verified_permanent_jobs AS DOUBLE PRECISION) / r.promised_permanent_jobs END AS fulfilment,
        CASE WHEN r.credited > 0 THEN CAST(r.youth_jobs AS DOUBLE PRECISION) / r.credited END AS youth_share,
        CASE WHEN r.wage_rule_base > 0
             THEN CAST(r.wage_rule_projects AS DOUBLE PRECISION) / r.wage_rule_base END AS wage_rule_share,
        s.mean_salary_kzt
    FROM per_region r
    LEFT JOIN salaries s ON s.region = r.region
)
SELECT
    :as_of, region, projects, pending, on_track, at_risk, fulfilled, failed,
    promised_permanent_jobs, verified_permanent_jobs, fulfilment, credited, youth_jobs, youth_share,
    wage_rule_projects, wage_rule_share, mean_salary_kzt, region_avg_wage_kzt,
    CASE WHEN region_avg_wage_kzt > 0 THEN mean_salary_kzt / region_avg_wage_kzt END,
    unconfirmed, temporary_jobs,
    row_number() OVER (ORDER BY COALESCE(fulfilment, -1) DESC, verified_permanent_jobs DESC, region)
FROM scored;
