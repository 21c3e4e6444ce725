-- The bench's reference: the same verification written by hand as ONE DuckDB query over the
-- same tables (no temporary tables, no facts stored). `make bench` times it against
-- `jumys verify` and checks that both give the same numbers per project.
WITH
params AS (
    SELECT CAST(? AS DATE) AS as_of, CAST(? AS DATE) AS last_full_month, CAST(? AS DATE) AS as_of_month
),
core AS (
    SELECT project_id, bin FROM project_operators
    UNION SELECT project_id, investor_bin FROM projects
),
with_parents AS (
    SELECT project_id, bin FROM core
    UNION SELECT c.project_id, e.parent_bin FROM core c JOIN employers e ON e.bin = c.bin WHERE e.parent_bin IS NOT NULL
),
grp AS (
    SELECT project_id, bin FROM with_parents
    UNION SELECT w.project_id, e.bin FROM with_parents w JOIN employers e ON e.parent_bin = w.bin
),
cand AS (
    SELECT p.project_id, p.start_date AS pstart, c.contract_id, c.person_id, c.bin, c.contract_type, c.start_date,
           c.contract_type = 'permanent' AS permanent
    FROM projects p, params
    JOIN project_operators o ON o.project_id = p.project_id
    JOIN contracts c ON c.bin = o.bin
    WHERE substr(c.kato, 1, 2) = substr(p.kato, 1, 2)
      AND c.start_date BETWEEN p.start_date - 180 AND params.as_of
      AND (c.contract_type <> 'permanent' OR c.end_date IS NULL OR c.end_date >= params.as_of)
      AND NOT EXISTS (
          SELECT 1 FROM contracts x JOIN grp g ON g.project_id = p.project_id AND g.bin = x.bin
          WHERE x.person_id = c.person_id AND x.bin <> c.bin
            AND x.end_date BETWEEN c.start_date - 60 AND c.start_date)
),
assigned AS (
    SELECT * FROM cand QUALIFY row_number() OVER (PARTITION BY contract_id ORDER BY pstart, project_id) = 1
),
months AS (
    SELECT a.*, least(6, greatest(0, datediff('month', a.start_date, params.last_full_month)
                                     + CASE WHEN day(a.start_date) = 1 THEN 1 ELSE 0 END)) AS n
    FROM assigned a, params
    WHERE a.permanent
),
classed AS (
    SELECT m.project_id, m.person_id, m.start_date,
           CASE WHEN m.n = 0 THEN 2
                WHEN count(pr.period) * 5 >= 4 * m.n THEN 1
                ELSE 3 END AS cls
    FROM months m, params
    LEFT JOIN payroll pr ON pr.person_id = m.person_id AND pr.bin = m.bin AND pr.opv_kzt > 0
        AND pr.period <= params.last_full_month
        AND datediff('month', pr.period, params.last_full_month) < m.n
    GROUP BY m.project_id, m.person_id, m.contract_id, m.n, m.start_date
),
youth AS (
    SELECT c.project_id, count(DISTINCT c.person_id) AS youth_jobs
    FROM classed c JOIN persons pe ON pe.person_id = c.person_id
    WHERE c.cls = 1 AND date_sub('year', pe.birth_date, c.start_date) <= 35
    GROUP BY c.project_id
),
temporary AS (
    SELECT a.project_id, count(DISTINCT a.person_id) AS temporary_jobs
    FROM assigned a, params
    WHERE NOT a.permanent AND EXISTS (
        SELECT 1 FROM payroll pr WHERE pr.person_id = a.person_id AND pr.bin = a.bin AND pr.opv_kzt > 0
          AND pr.period <= params.as_of_month)
    GROUP BY a.project_id
),
wages AS (
    SELECT f.project_id, sum(pr.wage_kzt) AS wage_bill_kzt
    FROM (SELECT project_id, person_id, min(start_date) AS first_start FROM classed WHERE cls = 1 GROUP BY ALL) f, params
    JOIN project_operators o ON o.project_id = f.project_id
    JOIN payroll pr ON pr.person_id = f.person_id AND pr.bin = o.bin
        AND pr.period BETWEEN date_trunc('month', f.first_start) AND params.as_of_month
    GROUP BY f.project_id
),
persons AS (SELECT project_id, person_id, min(cls) AS best FROM classed GROUP BY ALL),
counts AS (
    SELECT project_id, count(*) FILTER (best = 1) AS credited, count(*) FILTER (best = 2) AS provisional,
           count(*) FILTER (best = 3) AS unconfirmed
    FROM persons GROUP BY project_id
),
heads AS (
    SELECT p.project_id,
        count(DISTINCT c.person_id) FILTER (c.start_date <= p.start_date - 181
            AND (c.end_date IS NULL OR c.end_date >= p.start_date - 181)) AS baseline,
        count(DISTINCT c.person_id) FILTER (c.start_date <= params.as_of
            AND (c.end_date IS NULL OR c.end_date >= params.as_of)) AS current_headcount
    FROM projects p, params
    LEFT JOIN project_operators o ON o.project_id = p.project_id
    LEFT JOIN contracts c ON c.bin = o.bin AND c.contract_type = 'permanent'
        AND substr(c.kato, 1, 2) = substr(p.kato, 1, 2)
    GROUP BY p.project_id
)
SELECT p.project_id,
       coalesce(k.credited, 0) AS credited, coalesce(k.provisional, 0) AS provisional,
       coalesce(k.unconfirmed, 0) AS unconfirmed, h.baseline, h.current_headcount,
       least(coalesce(k.credited, 0), greatest(0, h.current_headcount - h.baseline)) AS verified,
       coalesce(y.youth_jobs, 0) AS youth_jobs, coalesce(t.temporary_jobs, 0) AS temporary_jobs,
       coalesce(w.wage_bill_kzt, 0) AS wage_bill_kzt
FROM projects p
LEFT JOIN counts k USING (project_id)
LEFT JOIN heads h USING (project_id)
LEFT JOIN youth y USING (project_id)
LEFT JOIN temporary t USING (project_id)
LEFT JOIN wages w USING (project_id)
ORDER BY p.project_id
