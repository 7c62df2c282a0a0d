package io.kensa.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keeps {@code standing_decisions} (see {@code V009.sql}) true: the row of an inspection is rewritten in the
 * transaction of each decision or undo on it, so the Review figures read one narrow row per decided inspection.
 * Derived from the audited rows, not audited itself.
 */
final class StandingDecisions {
    /** The standing decision of one inspection (as V009 backfilled them all): the newest accept or override no undo withdrew. */
    private static final String INSERT = "INSERT INTO standing_decisions(inspection_id, decision_id, kind, final_class, "
            + "severity, note, operator_id, operator_name, operator_role, station, decided_at, explanation_id, captured_at, "
            + "inspection_station, recipe_name, recipe_version, score, threshold, explanation_status, explanation_class, "
            + "explanation_severity, explanation_model, profile_name, profile_version) "
            + "SELECT d.inspection_id, d.id, d.kind, d.final_class, d.severity, d.note, d.operator_id, d.operator_name, "
            + "d.operator_role, d.station, d.decided_at, d.explanation_id, i.captured_at, i.station, i.recipe_name, "
            + "i.recipe_version, i.score, i.threshold, e.status, e.anomaly_class, e.severity, e.model, e.profile_name, "
            + "e.profile_version "
            + "FROM decisions d JOIN inspections i ON i.id = d.inspection_id "
            + "LEFT JOIN explanations e ON e.id = d.explanation_id AND e.inspection_id = d.inspection_id "
            + "WHERE d.inspection_id = ? AND d.kind IN ('ACCEPT','OVERRIDE') "
            + "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes_id = d.id) "
            + "AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.inspection_id = d.inspection_id AND n.id > d.id "
            + "AND n.kind IN ('ACCEPT','OVERRIDE') AND NOT EXISTS (SELECT 1 FROM decisions nu WHERE nu.undoes_id = n.id))";

    private StandingDecisions() {}

    /** Rewrites the inspection's row after a decision or undo on it (no row once every decision is undone). */
    static void refresh(Connection c, long inspectionId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM standing_decisions WHERE inspection_id = ?");
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            delete.setLong(1, inspectionId);
            delete.executeUpdate();
            insert.setLong(1, inspectionId);
            insert.executeUpdate();
        }
    }
}
