-- Net growth caps the count. Headcount = distinct persons with an active permanent contract at
-- the operators in P's region; baseline on the day before window(P) starts
-- (start_date - :window_days - 1), current on :as_of.
CREATE TEMP TABLE v_headcount AS
SELECT
    p.project_id,
    COUNT(DISTINCT CASE
        WHEN c.start_date <= p.start_date - :window_days - 1
         AND (c.end_date IS NULL OR c.end_date >= p.start_date - :window_days - 1)
        THEN c.person_id END) AS baseline,
    COUNT(DISTINCT CASE
        WHEN c.start_date <= :as_of AND (c.end_date IS NULL OR c.end_date >= :as_of)
        THEN c.person_id END) AS current_headcount
FROM v_projects p
LEFT JOIN v_operators o ON o.project_id = p.project_id
LEFT JOIN v_group_contracts c                   -- the contracts at P's operators among them (02_candidates.sql)
    ON c.project_id = o.project_id
   AND c.bin = o.bin
   AND c.contract_type = 'permanent'
   AND substr(c.kato, 1, 2) = substr(p.kato, 1, 2)
GROUP BY p.project_id;
