package io.kensa.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only audit trail: every recorded inspection, explanation, decision and undo adds one event in the
 * same transaction. Each event's hash covers the previous event's hash and the sha256 of the row's canonical
 * content, so editing or deleting a row or an event behind the application's back breaks the chain at that
 * point. {@link #verify()} walks the chain and names the first broken link.
 *
 * <p>What the chain cannot catch on its own: someone who rewrites every event after the edited one and the head.
 * {@link VerifyResult#headHash()} is printed by {@code kensa audit verify} so it can be noted outside the
 * database (a shift log, a ticket) and compared later.
 */
public final class AuditTrail {
    static final String INSPECTION = "inspection.recorded";
    static final String EXPLANATION = "explanation.recorded";
    static final String DECISION = "decision.recorded";
    static final String UNDO = "decision.undo";
    private static final int PAGE = 1000;

    private final Database database;

    AuditTrail(Database database) {
        this.database = database;
    }

    /** Appends one event inside the caller's transaction; locks the head row so concurrent writers stay in order. */
    static long append(Connection c, String type, long entityId, Instant at, String actor, String contentSha)
            throws SQLException {
        long lastSeq;
        String lastHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit_head row is missing: the audit trail was tampered with");
            }
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        long seq = lastSeq + 1;
        String hash = eventHash(lastHash, seq, type, entityId, at, actor, contentSha);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events(seq, event_type, entity_id, "
                + "occurred_at, actor, content_sha256, prev_hash, event_hash) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, seq);
            ps.setString(2, type);
            ps.setLong(3, entityId);
            Rows.setTime(ps, 4, at);
            ps.setString(5, actor);
            ps.setString(6, contentSha);
            ps.setString(7, lastHash);
            ps.setString(8, hash);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.executeUpdate();
        }
        return seq;
    }

    static String eventHash(String prevHash, long seq, String type, long entityId, Instant at, String actor,
                            String contentSha) {
        String text = new Canonical().add("prev", prevHash).add("seq", seq).add("type", type)
                .add("entity", entityId).add("at", at).add("actor", actor).add("content", contentSha).text();
        return Canonical.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks every event, every recorded row against its event, and that no row lacks an event. */
    public VerifyResult verify() throws StoreException {
        try (Connection c = database.connect()) {
            c.setReadOnly(true);
            return verify(c);
        } catch (java.sql.SQLException e) {
            throw new StoreException(StoreErrors.explain("verify the audit trail of", e, database.describe()), e);
        }
    }

    private VerifyResult verify(Connection c) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return VerifyResult.brokenRow(0, "the audit head row is missing (deleted behind the application's back)", "");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        Set<Long> inspections = new HashSet<>();
        Set<Long> explanations = new HashSet<>();
        Set<Long> decisions = new HashSet<>();
        long expected = 1;
        String prev = "0".repeat(64);
        long checked = 0;
        while (true) {
            int inPage = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, event_type, entity_id, occurred_at, actor, "
                    + "content_sha256, prev_hash, event_hash FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT " + PAGE)) {
                ps.setLong(1, expected);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inPage++;
                        long seq = rs.getLong("seq");
                        String type = rs.getString("event_type");
                        long entity = rs.getLong("entity_id");
                        String what = "event " + seq + " (" + type + ", id " + entity + ")";
                        if (seq != expected) {
                            return VerifyResult.broken(checked, seq, "event " + seq + " follows event " + (expected - 1)
                                    + ": events " + expected + (seq - 1 > expected ? ".." + (seq - 1) : "")
                                    + " are missing (deleted from audit_events)", headHash);
                        }
                        if (!rs.getString("prev_hash").equals(prev)) {
                            return VerifyResult.broken(checked, seq, what + " does not link to the event before it "
                                    + "(an earlier event was edited, replaced or removed)", headHash);
                        }
                        String content = rs.getString("content_sha256");
                        String hash = eventHash(prev, seq, type, entity, Rows.time(rs, "occurred_at"),
                                rs.getString("actor"), content);
                        if (!hash.equals(rs.getString("event_hash"))) {
                            return VerifyResult.broken(checked, seq, what + " was edited: its hash does not match "
                                    + "its content", headHash);
                        }
                        String table = type.substring(0, Math.max(0, type.indexOf('.')));
                        Optional<String> row;
                        try {
                            row = switch (type) {
                                case INSPECTION -> { inspections.add(entity); yield Rows.inspectionContent(c, entity); }
                                case EXPLANATION -> { explanations.add(entity); yield Rows.explanationContent(c, entity); }
                                case DECISION, UNDO -> { decisions.add(entity); yield Rows.decisionContent(c, entity); }
                                default -> Optional.of(content); // an event type of a newer build: chain checked only
                            };
                        } catch (RuntimeException unreadable) { // e.g. an enum column set to a value no build writes
                            return VerifyResult.broken(checked, seq, what + ": " + table + " " + entity
                                    + " was edited into an invalid value (" + unreadable.getMessage() + ")", headHash);
                        }
                        if (row.isEmpty()) {
                            return VerifyResult.broken(checked, seq, what + ": " + table + " " + entity
                                    + " is missing (deleted behind the application's back)", headHash);
                        }
                        if (!row.get().equals(content)) {
                            return VerifyResult.broken(checked, seq, what + ": " + table + " " + entity
                                    + " no longer matches what was recorded (edited behind the application's back)",
                                    headHash);
                        }
                        prev = hash;
                        expected = seq + 1;
                        checked++;
                    }
                }
            }
            if (inPage < PAGE) {
                break;
            }
        }
        if (checked != headSeq || !prev.equals(headHash)) {
            return VerifyResult.broken(checked, checked + 1, "the chain ends at event " + checked + " but the head "
                    + "says event " + headSeq + ": the last " + Math.max(1, headSeq - checked)
                    + " event(s) were deleted or the head was edited", headHash);
        }
        for (String table : new String[] {"inspections", "explanations", "decisions"}) {
            Set<Long> seen = switch (table) {
                case "inspections" -> inspections;
                case "explanations" -> explanations;
                default -> decisions;
            };
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!seen.contains(rs.getLong(1))) {
                        return VerifyResult.brokenRow(checked, table.substring(0, table.length() - 1) + " "
                                + rs.getLong(1) + " has no audit event (inserted behind the application's back)", headHash);
                    }
                }
            }
        }
        return VerifyResult.ok(checked, headHash);
    }
}
