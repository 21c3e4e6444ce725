-- group(P): the operators, the investor, the parents (parent_bin) of any of these,
-- and every employer whose parent_bin is one of those (siblings and subsidiaries).
-- Used by rule 5 (transfers). One row per (project, BIN).
CREATE TEMP TABLE v_group AS
WITH core AS (
    SELECT project_id, bin FROM project_operators
    UNION
    SELECT project_id, investor_bin FROM projects
),
with_parents AS (
    SELECT project_id, bin FROM core
    UNION
    SELECT c.project_id, e.parent_bin
    FROM core c JOIN employers e ON e.bin = c.bin
    WHERE e.parent_bin IS NOT NULL
)
SELECT project_id, bin FROM with_parents
UNION
SELECT w.project_id, e.bin
FROM with_parents w JOIN employers e ON e.parent_bin = w.bin;
