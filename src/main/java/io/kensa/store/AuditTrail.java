package io.kensa.store;

import io.kensa.util.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The append-only audit trail: every recorded inspection, explanation, decision, undo and prompt profile version
 * adds one event in the same transaction. Each event's hash covers the previous event's hash and the sha256 of the
 * row's canonical content, so editing or deleting a row or an event behind the application's back breaks the chain
 * at that point; each event also carries an HMAC-SHA256 of its hash by the recording station's {@link StationKey}
 * (kept outside the database), so an event appended or rewritten by someone with database access but without the
 * key is found too. {@link #verify()} walks the chain in one consistent snapshot, read-only, and names the first
 * broken link.
 *
 * <p>What the chain cannot catch on its own: rows and events cut off its end together with the head row. Two things
 * kept outside the database catch that: the station's head log ({@code <data folder>/audit/head.log}, every line
 * compared, and every event the station signed must have its line) and checkpoints a supervisor noted
 * ({@link VerifyResult#head()}, given back to {@link #verify(List)}).
 */
public final class AuditTrail {
    static final String INSPECTION = "inspection.recorded";
    static final String EXPLANATION = "explanation.recorded";
    static final String DECISION = "decision.recorded";
    static final String UNDO = "decision.undo";
    /** A prompt profile version was saved (entity: its version number; the row names its event in audit_seq). */
    static final String PROFILE_VERSION = "prompt_profile.saved";
    /** Account changes ({@code user.created}, {@code user.role_changed}, …; entity: the account id). */
    static final String ACCOUNT_EVENTS = "user.";
    /** The station found its head log deleted, replaced, cut short or behind its events, and writes on in a new one. */
    static final String HEAD_LOG_GAP = "audit.head_log_gap";
    /** The schema version (V006) from which events carry a station key's MAC. */
    static final int SIGNED_SCHEMA = 6;
    /** The schema that added {@code frames_not_recorded} (V007). */
    static final int NOT_RECORDED_SCHEMA = 7;
    /** {@code station_info} key V006 writes: the newest event recorded before events were signed. */
    static final String UNSIGNED_THROUGH = "audit_unsigned_through";
    static final String FRAME_NOT_RECORDED = "frame.not_recorded";
    private static final int PAGE = 1000;
    /** How long verify waits for head log lines a station writes just after its commit (only when lines are missing). */
    private static final long LINE_GRACE_MILLIS = 2000;
    /** Missing head log lines remembered one by one (beyond this the count alone is reported). */
    private static final int MISSING_KEPT = 4 * InspectionStore.MAX_UNLOGGED;
    private static final String ZERO = "0".repeat(64);

    private final Database database;
    private final Optional<Path> headLog;
    /** This station's key: signs what it appends; its events are the ones the head log must list. */
    private final Optional<StationKey> signer;
    /** Every key whose MACs verify checks, by id: the signer's and other stations' given to verify. */
    private final Map<String, StationKey> keys = new LinkedHashMap<>();

    AuditTrail(Database database, Optional<Path> headLog, Optional<StationKey> signer, List<StationKey> others) {
        this.database = database;
        this.headLog = headLog;
        this.signer = signer;
        signer.ifPresent(k -> keys.put(k.id(), k));
        others.forEach(k -> keys.putIfAbsent(k.id(), k));
    }

    AuditTrail(Database database, Optional<Path> headLog, StationKey signer) {
        this(database, headLog, Optional.of(signer), List.of());
    }

    /**
     * The trail as an auditor checks it (appends nothing): {@code station} is the key of the station whose head log
     * is compared (its events must all be in it), {@code others} the keys of other stations recording in the same
     * database. Open the database with {@link Database#openForAudit} so nothing at all is written.
     */
    public static AuditTrail forAudit(Database database, Optional<Path> headLog, Optional<StationKey> station,
                                      List<StationKey> others) {
        return new AuditTrail(database, headLog, station, others);
    }

    /** The head log of a data folder: {@code <folder>/audit/head.log}. */
    public static Path headLogIn(Path dataFolder) {
        return dataFolder.resolve(HeadLog.RELATIVE);
    }

    /**
     * Appends one event of any type inside the caller's transaction, signed with this station's key; locks the head
     * row so concurrent writers (stations sharing PostgreSQL) stay in one chain. New event types need nothing else:
     * verify checks their chain link and MAC (and their row, for the types it knows).
     */
    AuditCheckpoint append(Connection c, String type, long entityId, Instant at, String actor, String contentSha)
            throws SQLException {
        StationKey key = signer.orElseThrow(() -> new IllegalStateException(
                "this audit trail was opened for checking only and has no station key to sign with"));
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
                + "occurred_at, actor, content_sha256, prev_hash, event_hash, key_id, mac) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, seq);
            ps.setString(2, type);
            ps.setLong(3, entityId);
            Rows.setTime(ps, 4, at);
            ps.setString(5, actor);
            ps.setString(6, contentSha);
            ps.setString(7, lastHash);
            ps.setString(8, hash);
            ps.setString(9, key.id());
            ps.setString(10, key.sign(hash));
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

    /** The newest event this station's key signed, 0 when none: what its head log must reach. */
    static long newestSignedBy(Connection c, StationKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM audit_events WHERE key_id = ?")) {
            ps.setString(1, key.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
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
        return verify(expected, false);
    }

    /**
     * {@link #verify(List)}; events signed by a key this trail was not given fail the check unless
     * {@code acceptUnknownKeys} (they are then listed, unchecked, in {@link VerifyResult#notes()}).
     */
    public VerifyResult verify(List<AuditCheckpoint> expected, boolean acceptUnknownKeys) throws StoreException {
        try (Connection c = database.connect()) {
            beginSnapshot(c);
            try {
                return new Walk(expected, acceptUnknownKeys).run(c);
            } finally {
                c.rollback(); // read-only: nothing to commit
            }
        } catch (IOException e) {
            throw new StoreException("Cannot read the audit head log " + headLog.orElseThrow() + " (" + e.getMessage()
                    + "). Check the file's permissions, or verify without it with --no-head-log.", e);
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("verify the audit trail of", e, database.describe()), e);
        }
    }

    /**
     * One read-only transaction that sees the database as of its first statement, so events and rows a station
     * commits while verify runs are neither half seen nor reported as broken: PostgreSQL's REPEATABLE READ is such a
     * snapshot; H2's REPEATABLE READ snapshots each table when it is first read, its SNAPSHOT level all at once.
     */
    private void beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        if (database.isH2()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
        } else {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    /** The hash of the chain's first event (gives a database from an older build its id); empty before any event. */
    static Optional<String> firstEventHash(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_hash FROM audit_events WHERE seq = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Events counted by what they have in common (legacy events without a MAC, events of one unknown key). */
    private static final class Span {
        long count;
        long first;
        long last;

        void add(long seq) {
            if (count++ == 0) {
                first = seq;
            }
            last = seq;
        }

        @Override
        public String toString() {
            return count + " event(s), " + (count == 1 ? "event " + first : "events " + first + ".." + last);
        }
    }

    /** One pass over the chain in one snapshot; remembers what it must compare with outside records. */
    private final class Walk {
        private final List<AuditCheckpoint> expected;
        private final boolean acceptUnknownKeys;
        private final Map<Long, String> wanted = new HashMap<>();
        private final List<String> compared = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Span legacy = new Span();
        private final Map<String, Span> unknownKeys = new TreeMap<>();
        /** This station's events with no head log line: number → {hash, type}. */
        private final TreeMap<Long, String[]> missing = new TreeMap<>();
        private final Set<Long> profileEvents = new HashSet<>();
        /** Each account's newest event content (account id → content sha): its row must still match it. */
        private final Map<Long, String> accountEvents = new HashMap<>();
        private final Set<Long> signatureEvents = new HashSet<>();
        private HeadLog.Lines lines;
        private long missingCount;
        /** This station's events without a line before the newest gap it recorded. */
        private long excused;
        private long matchedLines;
        private long newestGap;
        private boolean signedSeen;
        private long unsignedThrough;
        private long headSeq;
        private String headHash = "";

        Walk(List<AuditCheckpoint> expected, boolean acceptUnknownKeys) {
            this.expected = expected;
            this.acceptUnknownKeys = acceptUnknownKeys;
            expected.forEach(e -> wanted.put(e.seq(), ""));
        }

        VerifyResult run(Connection c) throws SQLException, IOException {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return brokenRow(0, "the audit head row is missing (deleted behind the application's back)");
                }
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            // read after the snapshot began: every line names an event committed before it was written, so a line
            // past this snapshot's end is either an event committed since (checked below) or a cut
            if (headLog.isPresent()) {
                lines = HeadLog.read(headLog.get(), database.id());
            }
            boolean signedSchema = database.schemaVersion() >= SIGNED_SCHEMA;
            unsignedThrough = signedSchema ? unsignedThrough(c) : Long.MAX_VALUE;
            Set<Long> inspections = new HashSet<>();
            Set<Long> explanations = new HashSet<>();
            Set<Long> decisions = new HashSet<>();
            Set<Long> notRecorded = new HashSet<>();
            long expectedSeq = 1;
            String prev = ZERO;
            long checked = 0;
            while (true) {
                int inPage = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, event_type, entity_id, occurred_at, actor, "
                        + "content_sha256, prev_hash, event_hash" + (signedSchema ? ", key_id, mac" : "")
                        + " FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT " + PAGE)) {
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
                            String keyId = signedSchema ? rs.getString("key_id") : null;
                            Optional<String> forged = checkMac(what, seq, hash, keyId, signedSchema ? rs.getString("mac") : null);
                            if (forged.isPresent()) {
                                return broken(checked, seq, forged.get());
                            }
                            String table = type.substring(0, Math.max(0, type.indexOf('.')));
                            Optional<String> row;
                            try {
                                row = switch (type) {
                                    case INSPECTION -> { inspections.add(entity); yield Rows.inspectionContent(c, entity); }
                                    case EXPLANATION -> { explanations.add(entity); yield Rows.explanationContent(c, entity); }
                                    case DECISION, UNDO -> { decisions.add(entity); yield Rows.decisionContent(c, entity); }
                                    case PROFILE_VERSION -> { profileEvents.add(seq); yield PromptProfileStore.versionContent(c, seq); }
                                    case FRAME_NOT_RECORDED -> { notRecorded.add(entity); yield Rows.notRecordedContent(c, entity); }
                                    case AccountStore.SIGNATURE -> { signatureEvents.add(entity); yield AccountStore.signatureContent(c, entity); }
                                    default -> {
                                        if (type.startsWith(ACCOUNT_EVENTS)) {
                                            // an account row changes with each event: only its newest event must match it
                                            accountEvents.put(entity, content);
                                        }
                                        yield Optional.of(content); // an event without a row, or of a newer build: chain and MAC only
                                    }
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
                            Optional<String> unlike = compareLine(seq, hash, type, keyId);
                            if (unlike.isPresent()) {
                                return broken(checked, seq, unlike.get());
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
            Optional<VerifyResult> outside = compareHeadLog(checked);
            if (outside.isEmpty()) {
                outside = compareExpected(checked);
            }
            if (outside.isPresent()) {
                return outside.get();
            }
            Map<String, Set<Long>> audited = new LinkedHashMap<>();
            audited.put("inspections", inspections);
            audited.put("explanations", explanations);
            audited.put("decisions", decisions);
            if (database.schemaVersion() >= NOT_RECORDED_SCHEMA) {
                audited.put("frames_not_recorded", notRecorded);
            }
            for (Map.Entry<String, Set<Long>> table : audited.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table.getKey() + " ORDER BY id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!table.getValue().contains(rs.getLong(1))) {
                            String name = table.getKey();
                            String row = name.endsWith("s") ? name.substring(0, name.length() - 1) : name + " row";
                            return brokenRow(checked, row + " " + rs.getLong(1)
                                    + " has no audit event (inserted behind the application's back)");
                        }
                    }
                }
            }
            if (signedSchema) {
                Optional<String> unaudited = PromptProfileStore.versionWithoutEvent(c, profileEvents);
                if (unaudited.isPresent()) {
                    return brokenRow(checked, unaudited.get());
                }
            }
            Optional<String> accounts = accountsAgainstEvents(c);
            if (accounts.isPresent()) {
                return brokenRow(checked, accounts.get());
            }
            return keysAndLegacy(checked, signedSchema);
        }

        /**
         * Every account row as its newest {@code user.*} event recorded it (an edited role, name, active flag or
         * password hash shows), and no account or signature row without an event.
         */
        private Optional<String> accountsAgainstEvents(Connection c) throws SQLException {
            if (!AccountStore.hasAccounts(c)) {
                return Optional.empty();
            }
            for (Map.Entry<Long, String> last : new TreeMap<>(accountEvents).entrySet()) {
                Optional<String> now = AccountStore.accountContent(c, last.getKey());
                if (now.isEmpty()) {
                    return Optional.of("account " + last.getKey() + " is missing (deleted behind the application's back)");
                }
                if (!now.get().equals(last.getValue())) {
                    return Optional.of("account " + last.getKey() + " no longer matches its last audit event (role, name,"
                            + " active flag or password hash edited behind the application's back)");
                }
            }
            for (long id : AccountStore.ids(c, "accounts")) {
                if (!accountEvents.containsKey(id)) {
                    return Optional.of("account " + id + " has no audit event (inserted behind the application's back)");
                }
            }
            for (long id : AccountStore.ids(c, "signatures")) {
                if (!signatureEvents.contains(id)) {
                    return Optional.of("signature " + id + " has no audit event (inserted behind the application's back)");
                }
            }
            return Optional.empty();
        }

        /** The newest event V006 found unsigned; 0 when the row is gone (every event must then be signed). */
        private long unsignedThrough(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT info_value FROM station_info WHERE info_key = ?")) {
                ps.setString(1, UNSIGNED_THROUGH);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1).strip().matches("\\d{1,18}") ? Long.parseLong(rs.getString(1).strip()) : 0;
                }
            }
        }

        /** Why the event's MAC does not check out, or empty (also when it is not this trail's to check: counted). */
        private Optional<String> checkMac(String what, long seq, String hash, String keyId, String mac) {
            if (keyId == null || keyId.isEmpty()) {
                if (signedSeen) {
                    return Optional.of(what + " carries no MAC although events before it are signed: it was added "
                            + "without a station key (forged, e.g. with a database client)");
                }
                if (seq > unsignedThrough) {
                    return Optional.of(what + " carries no MAC, but events have been signed since event "
                            + (unsignedThrough + 1) + " (the upgrade to V" + String.format("%03d", SIGNED_SCHEMA)
                            + "): it was added without a station key (forged, e.g. with a database client)");
                }
                legacy.add(seq);
                return Optional.empty();
            }
            signedSeen = true;
            StationKey key = keys.get(keyId);
            if (key == null) {
                unknownKeys.computeIfAbsent(keyId, k -> new Span()).add(seq);
                return Optional.empty();
            }
            boolean valid = mac != null && MessageDigest.isEqual(key.sign(hash).getBytes(StandardCharsets.US_ASCII),
                    mac.getBytes(StandardCharsets.US_ASCII));
            return valid ? Optional.empty() : Optional.of(what + " is not signed by station key " + keyId + " ("
                    + key.file() + "): its MAC does not match, so it was forged or rewritten without that key");
        }

        /** The event against its head log line; remembers this station's events that have none. */
        private Optional<String> compareLine(long seq, String hash, String type, String keyId) {
            if (lines == null) {
                return Optional.empty();
            }
            String noted = lines.events().get(seq);
            boolean ours = signer.isPresent() && signer.get().id().equals(keyId);
            if (ours && HEAD_LOG_GAP.equals(type)) { // the station said its log lost the lines before this event
                excused += missingCount;
                missing.clear();
                missingCount = 0;
                newestGap = seq;
            }
            if (noted != null) {
                matchedLines++;
                return noted.equals(hash) ? Optional.empty() : Optional.of("event " + seq + " differs from the head log "
                        + headLog.orElseThrow() + ": the chain was rewritten at or before event " + seq
                        + ", or this is not the database this station records in");
            }
            if (ours) {
                missingCount++;
                if (missing.size() < MISSING_KEPT) {
                    missing.put(seq, new String[] {hash, type});
                }
            }
            return Optional.empty();
        }

        /**
         * The head log's lines past this snapshot's end, and this station's events that have no line: excused before
         * a gap the station recorded, waiting when they are the newest events other than decisions (noted after the
         * next decision's sync), else a failure, once the lines a station writes just after its commit had time.
         */
        private Optional<VerifyResult> compareHeadLog(long last) throws SQLException, IOException {
            if (lines == null) {
                return Optional.empty();
            }
            Path file = headLog.orElseThrow();
            if (!lines.exists()) {
                if (last == 0) {
                    compared.add("no head log at " + file + ", and nothing recorded yet: not compared");
                    return Optional.empty();
                }
                return Optional.of(brokenRow(last, "the head log " + file + " is missing: it holds the hashes that "
                        + "show whether the newest events were cut off. Restore it from the station's backup; to check "
                        + "the chain without it, verify with --no-head-log (and an --expect checkpoint noted earlier)"));
            }
            if (lines.malformed().isPresent()) {
                return Optional.of(brokenRow(last, "the head log " + file + " holds a line that is not an event line ("
                        + lines.malformed().get() + "): it was edited or padded. Restore it from the station's backup, "
                        + "or verify without it with --no-head-log"));
            }
            long newestLine = lines.newest();
            if (newestLine > last && currentHeadSeq() < newestLine) {
                return Optional.of(broken(last, last + 1, "the database ends at event " + last + " but the head log "
                        + file + " noted event " + newestLine + ": the last " + (newestLine - last) + " event(s) and "
                        + "their rows were cut off, or the database was replaced by an older copy (a restored backup)"));
            }
            long deadline = System.nanoTime() + LINE_GRACE_MILLIS * 1_000_000;
            while (!unexplained(newestLine).isEmpty() && missingCount <= MISSING_KEPT && System.nanoTime() < deadline) {
                sleep();
                HeadLog.Lines again = HeadLog.read(file, database.id());
                for (var e : List.copyOf(missing.entrySet())) {
                    String noted = again.events().get(e.getKey());
                    if (noted != null) {
                        if (!noted.equals(e.getValue()[0])) {
                            return Optional.of(broken(last, e.getKey(), "event " + e.getKey() + " differs from the head "
                                    + "log " + file + ": the chain was rewritten at or before event " + e.getKey()));
                        }
                        missing.remove(e.getKey());
                        missingCount--;
                        matchedLines++;
                    }
                }
                newestLine = Math.max(newestLine, again.newest());
            }
            boolean othersOnly = lines.events().isEmpty() && lines.otherDatabases() > 0;
            List<Long> unexplained = othersOnly ? List.copyOf(missing.keySet()) : unexplained(newestLine);
            if (!unexplained.isEmpty() || missingCount > MISSING_KEPT) {
                String which = unexplained.stream().limit(5).map(seq -> seq + " (" + missing.get(seq)[1] + ")")
                        .collect(Collectors.joining(", "));
                String reason = othersOnly
                        ? "this database's events are not in the head log " + file + ", which notes other databases "
                          + "only: the database was replaced or its identity changed (database_id in station_info). If "
                          + "this station was pointed at another database on purpose, verify with that database's "
                          + "head log (--head-log)"
                        : "events " + (which.isEmpty() ? "" : which + " ") + "(" + missingCount + " in all) signed by this station (key "
                          + signer.orElseThrow().id() + ") are not in its head log " + file + ": lines were removed "
                          + "from it (cut short or replaced), or the database's identity (database_id in "
                          + "station_info) was changed. After a power cut, start the station once (it records the "
                          + "gap) and verify again";
                return Optional.of(unexplained.isEmpty() ? brokenRow(last, reason)
                        : broken(last, unexplained.get(0), reason));
            }
            compared.add("the head log " + file + ": " + matchedLines + " line(s) match their events"
                    + (lines.otherDatabases() > 0 ? "; " + lines.otherDatabases() + " line(s) of other databases" : ""));
            if (excused > 0) {
                notes.add(excused + " event(s) of this station before event " + newestGap + " are not in the head log: "
                        + "at event " + newestGap + " the station recorded that its head log had been deleted, cut "
                        + "short or left behind (a power cut)");
            }
            if (!missing.isEmpty()) {
                notes.add(missing.size() + " newest event(s) of this station (" + missing.firstKey() + ".."
                        + missing.lastKey() + ") are not in the head log yet: events other than decisions are noted "
                        + "with the next decision");
            }
            return Optional.empty();
        }

        /**
         * This station's events without a line that nothing explains: any before the newest line, and any decision
         * (a decision has its line, and every line before it, written before the station acknowledges it); only the
         * newest other events may still wait for the next decision's sync.
         */
        private List<Long> unexplained(long newestLine) {
            return missing.entrySet().stream()
                    .filter(e -> e.getKey() < newestLine || DECISION.equals(e.getValue()[1])
                            || UNDO.equals(e.getValue()[1]) || missing.size() > InspectionStore.MAX_UNLOGGED)
                    .map(Map.Entry::getKey).toList();
        }

        private long currentHeadSeq() throws SQLException {
            try (Connection fresh = database.connect();
                 PreparedStatement ps = fresh.prepareStatement("SELECT last_seq FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }

        private void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Each noted checkpoint against the (intact) chain of {@code last} events. */
        private Optional<VerifyResult> compareExpected(long last) {
            for (AuditCheckpoint e : expected) {
                if (e.seq() > last) {
                    return Optional.of(broken(last, last + 1, "the chain ends at event " + last + ", before the expected "
                            + "event " + e + ": the events after " + last + " and their rows were cut off"));
                }
                if (e.seq() == 0 ? !e.hash().equals(ZERO) : !wanted.get(e.seq()).equals(e.hash())) {
                    return Optional.of(broken(last, e.seq(), "event " + e.seq() + " has hash " + wanted.get(e.seq())
                            + ", not the expected " + e.hash() + ": the chain was rewritten at or before event " + e.seq()));
                }
                compared.add("expected " + e + ": matches");
            }
            return Optional.empty();
        }

        /** Events whose MAC could not be checked: a failure unless accepted; events from before MACs: a note. */
        private VerifyResult keysAndLegacy(long checked, boolean signedSchema) {
            if (!signedSchema) {
                notes.add("the database is at schema version " + database.schemaVersion() + ", before events were "
                        + "signed (V" + String.format("%03d", SIGNED_SCHEMA) + "): no event carries a MAC, so the chain's "
                        + "links are checked, not who added them. Open the station once to upgrade it");
            } else if (legacy.count > 0) {
                notes.add(legacy + " were recorded before events were signed (V" + String.format("%03d", SIGNED_SCHEMA)
                        + ") and carry no MAC: their links are checked, not who added them");
            }
            keys.values().forEach(k -> compared.add("MACs by " + k));
            if (!unknownKeys.isEmpty()) {
                String list = unknownKeys.entrySet().stream().map(e -> "station key " + e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("; "));
                if (!acceptUnknownKeys) {
                    return brokenRow(checked, "the MACs of events signed by keys this check was not given could not "
                            + "be checked (" + list + "). Give those stations' key files with --key FILE, or accept "
                            + "them unchecked with --allow-unknown-keys");
                }
                notes.add("not checked, accepted with --allow-unknown-keys: " + list);
            }
            return VerifyResult.ok(checked, headSeq, headHash, compared, notes);
        }

        private VerifyResult broken(long checked, long seq, String reason) {
            return VerifyResult.broken(checked, seq, reason, headSeq, headHash, compared, notes);
        }

        private VerifyResult brokenRow(long checked, String reason) {
            return VerifyResult.brokenRow(checked, reason, headSeq, headHash, compared, notes);
        }
    }
}
