-- the standing decision of each decided inspection, with what the Review figures need of its inspection and of the
-- explanation shown: one narrow row per inspection, so every chart of a range is one index range scan on decided_at
-- instead of three wide reads (inspections carry their anomaly maps inline). Derived, not audited: the store rewrites
-- an inspection's row in the transaction of each decision or undo on it (store/StandingDecisions).
-- The columns are named as in decisions / inspections / explanations; explanation_* is NULL when none was shown.
CREATE TABLE standing_decisions (
    inspection_id BIGINT PRIMARY KEY,
    decision_id BIGINT NOT NULL,
    kind VARCHAR(10) NOT NULL,
    final_class VARCHAR(200) NOT NULL,
    severity VARCHAR(10) NOT NULL,
    note VARCHAR(10000) NOT NULL,
    operator_id VARCHAR(100) NOT NULL,
    operator_name VARCHAR(200) NOT NULL,
    operator_role VARCHAR(20) NOT NULL,
    station VARCHAR(200) NOT NULL,
    decided_at TIMESTAMP WITH TIME ZONE NOT NULL,
    explanation_id BIGINT,
    captured_at TIMESTAMP WITH TIME ZONE NOT NULL,
    inspection_station VARCHAR(200) NOT NULL,
    recipe_name VARCHAR(200) NOT NULL,
    recipe_version INTEGER NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    explanation_status VARCHAR(30),
    explanation_class VARCHAR(200),
    explanation_severity VARCHAR(10),
    explanation_model VARCHAR(200),
    profile_name VARCHAR(200),
    profile_version INTEGER
);
-- in the Review's order (newest first, ties by decision): the table's first page is the index's first rows, not a sort
CREATE INDEX standing_decisions_decided ON standing_decisions(decided_at DESC, decision_id DESC);
-- the decisions already made: the newest accept or override on each inspection that no undo withdrew
INSERT INTO standing_decisions(inspection_id, decision_id, kind, final_class, severity, note, operator_id,
    operator_name, operator_role, station, decided_at, explanation_id, captured_at, inspection_station, recipe_name,
    recipe_version, score, threshold, explanation_status, explanation_class, explanation_severity, explanation_model,
    profile_name, profile_version)
SELECT d.inspection_id, d.id, d.kind, d.final_class, d.severity, d.note, d.operator_id, d.operator_name,
    d.operator_role, d.station, d.decided_at, d.explanation_id, i.captured_at, i.station, i.recipe_name,
    i.recipe_version, i.score, i.threshold, e.status, e.anomaly_class, e.severity, e.model, e.profile_name,
    e.profile_version
FROM decisions d JOIN inspections i ON i.id = d.inspection_id
    LEFT JOIN explanations e ON e.id = d.explanation_id AND e.inspection_id = d.inspection_id
WHERE d.kind IN ('ACCEPT','OVERRIDE') AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes_id = d.id)
    AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.inspection_id = d.inspection_id AND n.id > d.id
        AND n.kind IN ('ACCEPT','OVERRIDE') AND NOT EXISTS (SELECT 1 FROM decisions nu WHERE nu.undoes_id = n.id));
