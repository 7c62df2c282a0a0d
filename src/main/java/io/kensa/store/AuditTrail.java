package io.kensa.store;

import io.kensa.util.Hashes;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only audit trail: every recorded inspection, explanation, decision and undo adds one event in the
 * same transaction. Each event's hash covers the previous event's hash and the sha256 of the row's canonical
 * content, so editing or deleting a row or an event behind the application's back breaks the chain at that
 * point. {@link #verify()} walks the chain and names the first broken link.
 *
 * <p>What the chain cannot catch on its own: rows and events cut off its end together with the head row, or every
 * event after an edit rewritten. Two things kept outside the database catch both: the station's head log
 * ({@code <data folder>/audit/head.log}, compared by default when the store has one) and checkpoints a supervisor
 * noted ({@link VerifyResult#head()}, given back to {@link #verify(List)}).
 */
public final class AuditTrail {
    static final String INSPECTION = "inspection.recorded";
    static final String EXPLANATION = "explanation.recorded";
    static final String DECISION = "decision.recorded";
    static final String UNDO = "decision.undo";
    static final String FRAME_NOT_RECORDED = "frame.not_recorded";
    private static final int PAGE = 1000;

    private final Database database;
    private final Optional<Path> headLog;

    AuditTrail(Database database, Optional<Path> headLog) {
        this.database = database;
        this.headLog = headLog;
    }

    /** The head log of a data folder: {@code <folder>/audit/head.log}. */
    public static Path headLogIn(Path dataFolder) {
        return dataFolder.resolve(HeadLog.RELATIVE);
    }

    /** Appends one event inside the caller's transaction; locks the head row so concurrent writers stay in order. */
    static AuditCheckpoint append(Connection c, String type, long entityId, Instant at, String actor, String contentSha)
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
        return new AuditCheckpoint(seq, hash);
    }

    static String eventHash(String prevHash, long seq, String type, long entityId, Instant at, String actor,
                            String contentSha) {
        String text = new Canonical().add("prev", prevHash).add("seq", seq).add("type", type)
                .add("entity", entityId).add("at", at).add("actor", actor).add("content", contentSha).text();
        return Hashes.sha256Hex(text);
    }

    /** Checks every event, every recorded row against its event, that no row lacks an event, and the head log. */
    public VerifyResult verify() throws StoreException {
        return verify(List.of());
    }

    /**
     * {@link #verify()}, and also that each noted checkpoint is still in the chain with the same hash: a chain cut
     * off before a noted event, or rewritten at or before it, fails.
     */
    public VerifyResult verify(List<AuditCheckpoint> expected) throws StoreException {
        try (Connection c = database.connect()) {
            c.setReadOnly(true);
            HeadLog.Tail logged;
            try {
                logged = headLog.isPresent() ? HeadLog.newest(headLog.get(), database.id())
                        : new HeadLog.Tail(Optional.empty(), false);
            } catch (IOException e) {
                throw new StoreException("Cannot read the audit head log " + headLog.get() + " (" + e.getMessage()
                        + "). Check the file's permissions; move it aside to verify without it.", e);
            }
            return new Walk(expected, logged).run(c);
        } catch (java.sql.SQLException e) {
            throw new StoreException(StoreErrors.explain("verify the audit trail of", e, database.describe()), e);
        }
    }

    /** The hash of the chain's first event (gives a database from an older build its id); empty before any event. */
    static Optional<String> firstEventHash(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_hash FROM audit_events WHERE seq = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** One pass over the chain; remembers the hashes of the events it must compare with outside records. */
    private final class Walk {
        private final List<AuditCheckpoint> expected;
        private final Optional<HeadLog.Entry> logged;
        private final boolean otherDatabasesLogged;
        private final Map<Long, String> wanted = new HashMap<>();
        private final List<String> compared = new ArrayList<>();
        private long headSeq;
        private String headHash = "";

        Walk(List<AuditCheckpoint> expected, HeadLog.Tail tail) {
            this.expected = expected;
            this.logged = tail.newest();
            this.otherDatabasesLogged = tail.otherDatabases();
            expected.forEach(e -> wanted.put(e.seq(), ""));
            logged.ifPresent(l -> wanted.put(l.event().seq(), ""));
        }

        VerifyResult run(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return brokenRow(0, "the audit head row is missing (deleted behind the application's back)");
                }
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            Set<Long> inspections = new HashSet<>();
            Set<Long> explanations = new HashSet<>();
            Set<Long> decisions = new HashSet<>();
            long expectedSeq = 1;
            String prev = "0".repeat(64);
            long checked = 0;
            while (true) {
                int inPage = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, event_type, entity_id, occurred_at, actor, "
                        + "content_sha256, prev_hash, event_hash FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT " + PAGE)) {
                    ps.setLong(1, expectedSeq);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            inPage++;
                            long seq = rs.getLong("seq");
                            String type = rs.getString("event_type");
                            long entity = rs.getLong("entity_id");
                            String what = "event " + seq + " (" + type + ", id " + entity + ")";
                            if (seq != expectedSeq) {
                                return broken(checked, seq, "event " + seq + " follows event " + (expectedSeq - 1)
                                        + ": events " + expectedSeq + (seq - 1 > expectedSeq ? ".." + (seq - 1) : "")
                                        + " are missing (deleted from audit_events)");
                            }
                            if (!rs.getString("prev_hash").equals(prev)) {
                                return broken(checked, seq, what + " does not link to the event before it "
                                        + "(an earlier event was edited, replaced or removed)");
                            }
                            String content = rs.getString("content_sha256");
                            String hash = eventHash(prev, seq, type, entity, Rows.time(rs, "occurred_at"),
                                    rs.getString("actor"), content);
                            if (!hash.equals(rs.getString("event_hash"))) {
                                return broken(checked, seq, what + " was edited: its hash does not match its content");
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
                                return broken(checked, seq, what + ": " + table + " " + entity
                                        + " was edited into an invalid value (" + unreadable.getMessage() + ")");
                            }
                            if (row.isEmpty()) {
                                return broken(checked, seq, what + ": " + table + " " + entity
                                        + " is missing (deleted behind the application's back)");
                            }
                            if (!row.get().equals(content)) {
                                return broken(checked, seq, what + ": " + table + " " + entity
                                        + " no longer matches what was recorded (edited behind the application's back)");
                            }
                            if (wanted.containsKey(seq)) {
                                wanted.put(seq, hash);
                            }
                            prev = hash;
                            expectedSeq = seq + 1;
                            checked++;
                        }
                    }
                }
                if (inPage < PAGE) {
                    break;
                }
            }
            if (checked != headSeq || !prev.equals(headHash)) {
                return broken(checked, checked + 1, "the chain ends at event " + checked + " but the head says event "
                        + headSeq + ": the last " + Math.max(1, headSeq - checked)
                        + " event(s) were deleted or the head was edited");
            }
            Optional<VerifyResult> outside = compareOutside(checked);
            if (outside.isPresent()) {
                return outside.get();
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
                            return brokenRow(checked, table.substring(0, table.length() - 1) + " " + rs.getLong(1)
                                    + " has no audit event (inserted behind the application's back)");
                        }
                    }
                }
            }
            return VerifyResult.ok(checked, headSeq, headHash, compared);
        }

        /** The head log's newest line, then each noted checkpoint, against the (intact) chain of {@code last} events. */
        private Optional<VerifyResult> compareOutside(long last) {
            if (logged.isPresent()) {
                AuditCheckpoint e = logged.get().event();
                String where = "the head log " + headLog.orElseThrow();
                if (e.seq() > last) {
                    return Optional.of(broken(last, last + 1, "the database ends at event " + last + " but " + where
                            + " saw event " + e.seq() + " (at " + logged.get().time() + "): the last " + (e.seq() - last)
                            + " event(s) and their rows were cut off, or the database was replaced by an older copy"));
                }
                if (!wanted.get(e.seq()).equals(e.hash())) {
                    return Optional.of(broken(last, e.seq(), "event " + e.seq() + " differs from " + where + " (noted at "
                            + logged.get().time() + "): the chain was rewritten at or before event " + e.seq()
                            + ", or this is not the database this station records in"));
                }
                compared.add(where + ": its newest entry, event " + e.seq() + ", matches");
            } else if (otherDatabasesLogged && last > 0) {
                return Optional.of(brokenRow(last, "this database's events were not noted in this station's head log "
                        + headLog.orElseThrow() + ", which holds events of other databases only: the database was "
                        + "replaced or its identity changed (database_id in station_info). If this station was pointed "
                        + "at another database on purpose, verify with that database's head log (--head-log)"));
            } else if (otherDatabasesLogged) {
                headLog.ifPresent(p -> compared.add("the head log " + p + " holds events of other databases only (a"
                        + " station pointed at a new database): not compared, this database has no events yet"));
            } else {
                headLog.ifPresent(p -> compared.add("no head log at " + p + " (nothing recorded there yet): not compared"));
            }
            for (AuditCheckpoint e : expected) {
                if (e.seq() > last) {
                    return Optional.of(broken(last, last + 1, "the chain ends at event " + last + ", before the expected "
                            + "event " + e + ": the events after " + last + " and their rows were cut off"));
                }
                if (e.seq() == 0 ? !e.hash().equals("0".repeat(64)) : !wanted.get(e.seq()).equals(e.hash())) {
                    return Optional.of(broken(last, e.seq(), "event " + e.seq() + " has hash " + wanted.get(e.seq())
                            + ", not the expected " + e.hash() + ": the chain was rewritten at or before event " + e.seq()));
                }
                compared.add("expected " + e + ": matches");
            }
            return Optional.empty();
        }

        private VerifyResult broken(long checked, long seq, String reason) {
            return VerifyResult.broken(checked, seq, reason, headSeq, headHash, compared);
        }

        private VerifyResult brokenRow(long checked, String reason) {
            return VerifyResult.brokenRow(checked, reason, headSeq, headHash, compared);
        }
    }
}
