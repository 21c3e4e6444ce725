-- Rules 1 to 5 for permanent contracts, per project:
-- 1. the contract's employer is an operator of P and its workplace region (first two KATO
--    digits) is P's region;
-- 2. contract_type is permanent;
-- 3. start_date lies in window(P) = [P.start_date - :window_days, :as_of];
-- 4. the contract is active at :as_of (no end_date, or end_date >= :as_of);
-- 5. not a transfer: the person had no contract at another BIN of group(P) that ended
--    from start_date - :transfer_days to start_date, both days included.
-- Fixed-term and seasonal contracts meeting rules 1, 3 and 5 are kept too (temporary jobs).

-- The contracts at the BINs of group(P), read once: the operators' (rules 1 to 4) are among them,
-- since group(P) holds P's operators, and so are the contracts rule 5 looks for.
CREATE TEMP TABLE v_group_contracts AS
SELECT
    g.project_id,
    c.contract_id,
    c.person_id,
    c.bin,
    c.kato,
    c.contract_type,
    c.start_date,
    c.end_date,
    c.salary_kzt,
    c.nkz,
    c.conditions
FROM v_group g
JOIN contracts c ON c.bin = g.bin;

-- Rules 1 to 4.
CREATE TEMP TABLE v_window AS
SELECT
    p.project_id,
    p.start_date AS project_start,
    c.contract_id,
    c.person_id,
    c.bin,
    c.contract_type,
    c.start_date,
    c.salary_kzt,
    c.nkz,
    c.conditions,
    CASE WHEN c.contract_type = 'permanent' THEN 'permanent' ELSE 'temporary' END AS job_kind
FROM v_projects p
JOIN v_operators o ON o.project_id = p.project_id
JOIN v_group_contracts c ON c.project_id = o.project_id AND c.bin = o.bin
WHERE substr(c.kato, 1, 2) = substr(p.kato, 1, 2)                          -- rule 1
  AND c.start_date >= p.start_date - :window_days                          -- rule 3
  AND c.start_date <= :as_of
  AND (c.contract_type <> 'permanent' OR c.end_date IS NULL OR c.end_date >= :as_of);  -- rules 2, 4

-- Rule 5: those that are not transfers.
CREATE TEMP TABLE v_candidates AS
SELECT c.*
FROM v_window c
WHERE NOT EXISTS (
    SELECT 1
    FROM v_group_contracts prior
    WHERE prior.project_id = c.project_id
      AND prior.person_id = c.person_id
      AND prior.bin <> c.bin
      AND prior.end_date >= c.start_date - :transfer_days
      AND prior.end_date <= c.start_date
);
