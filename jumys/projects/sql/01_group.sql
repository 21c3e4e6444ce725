-- The projects verified: those listed in verify_scope, which the caller fills before the steps
-- run: every project for a whole verification, or only those whose group holds a BIN that new
-- events name, with every project sharing an operator with them (jumys/projects/live.py), so that
-- each contract still goes to the same project as in a whole run (03_assignment.sql).
CREATE TEMP TABLE v_projects AS
SELECT p.* FROM projects p WHERE p.project_id IN (SELECT project_id FROM verify_scope);

CREATE TEMP TABLE v_operators AS
SELECT o.* FROM project_operators o WHERE o.project_id IN (SELECT project_id FROM verify_scope);

-- group(P): the operators, the investor, the parents (parent_bin) of any of these,
-- and every employer whose parent_bin is one of those (siblings and subsidiaries).
-- Used by rule 5 (transfers). One row per (project, BIN).
CREATE TEMP TABLE v_group AS
WITH core AS (
    SELECT project_id, bin FROM v_operators
    UNION
    SELECT project_id, investor_bin FROM v_projects
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
