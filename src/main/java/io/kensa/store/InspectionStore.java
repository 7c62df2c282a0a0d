package io.kensa.store;

import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.llm.Endpoints;
import io.kensa.llm.Explanation;
import io.kensa.model.Action;
import io.kensa.model.ClassPrediction;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.ReviewCase;
import io.kensa.util.Hashes;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happens at one station: inspections (image file + detector verdict), explanations and the
 * inspector's decisions, each with its audit event in the same transaction. Writes go through one connection,
 * one at a time; {@link #recordDecision} returns only once the decision is durable (the "acknowledged" point).
 * Once their commit is on disk the new events are added to the station's head log (outside the database, see
 * {@link AuditTrail}). Reads use their own short-lived connections so a supervisor's query never waits behind a write.
 *
 * <p>Opening checks that both the database and the image folder can be written: a station that cannot record
 * must not run.
 */
public final class InspectionStore implements AutoCloseable {

    /** What an acknowledged decision survives. */
    public enum Durability {
        /** the commit is in the operating system when the call returns: survives the app being killed */
        PROCESS_CRASH,
        /** H2 also forces the file to disk after each decision or undo: survives power loss (PostgreSQL's commit does this itself) */
        POWER_LOSS
    }

    /** Longest station name the database holds. */
    public static final int MAX_STATION_LENGTH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(InspectionStore.class);
    /** Events whose head log lines may wait for a decision's sync before the store runs one itself. */
    static final int MAX_UNLOGGED = 256;

    private final Database database;
    private final ImageStore images;
    private final String station;
    private final Durability durability;
    private final Clock clock;
    private final AuditTrail audit;
    private final boolean readOnly;
    private final Optional<HeadLog> headLog;
    /** H2 in power-loss mode: decisions run {@code CHECKPOINT SYNC}, and head log lines wait for one. */
    private final boolean syncs;
    /** Events appended by the write in progress, for the head log once it commits (guarded by this). */
    private final List<AuditCheckpoint> appended = new ArrayList<>();
    /** A head log write that failed since the last decision, reported with the next one (guarded by this). */
    private Optional<IOException> headLogFailure = Optional.empty();
    /**
     * Committed events not yet in the head log (guarded by this). When H2 is forced to disk (power-loss mode) a line
     * must not reach the log before its event reaches the disk, or a power cut leaves the log ahead of the database
     * (a false alarm): lines wait here for the next {@code CHECKPOINT SYNC}.
     */
    private final List<HeadLog.Entry> unlogged = new ArrayList<>();
    private Connection writer;

    /** A head log loss seen before a write, recorded as a gap event with the next write that commits. */
    private Optional<String> headLogLoss = Optional.empty();

    private InspectionStore(Database database, ImageStore images, Optional<Path> headLogFile, Optional<HeadLog> headLog,
                            Optional<StationKey> key, String station, Durability durability, Clock clock,
                            boolean readOnly) {
        this.readOnly = readOnly;
        this.database = database;
        this.images = images;
        this.station = station;
        this.durability = durability;
        this.clock = clock;
        this.headLog = headLog;
        this.syncs = durability == Durability.POWER_LOSS && database.isH2();
        this.audit = new AuditTrail(database, headLogFile, key, List.of());
    }

    /** Opens the store for {@code station} with power-loss durability for decisions, without a head log (tests). */
    public static InspectionStore open(Database database, Path imageFolder, String station) throws StoreException {
        return open(database, imageFolder, station, Durability.POWER_LOSS, Clock.systemUTC());
    }

    /**
     * The station's store: power-loss durability, and every event noted in {@code headLog} (normally
     * {@link AuditTrail#headLogIn}{@code (data folder)}), which {@code verify} then compares the chain with.
     */
    public static InspectionStore open(Database database, Path imageFolder, Path headLog, String station)
            throws StoreException {
        return open(database, imageFolder, Optional.of(headLog), station, Durability.POWER_LOSS, Clock.systemUTC());
    }

    public static InspectionStore open(Database database, Path imageFolder, String station, Durability durability,
                                       Clock clock) throws StoreException {
        return open(database, imageFolder, Optional.empty(), station, durability, clock);
    }

    /**
     * {@link #open(Database, Path, Optional, StationKey, String, Durability, Clock)} signing with the station key of
     * the data folder that holds {@code imageFolder} ({@link StationKey#in}, created on first open).
     */
    public static InspectionStore open(Database database, Path imageFolder, Optional<Path> headLog, String station,
                                       Durability durability, Clock clock) throws StoreException {
        return open(database, imageFolder, headLog, StationKey.openOrCreate(keyOf(imageFolder)), station, durability,
                clock);
    }

    /**
     * The station's store: every event it appends is signed with {@code key}; with a head log, a log found behind the
     * station's own events when it opens (a power cut, lines removed) or lost while it runs is recorded as a gap event.
     */
    public static InspectionStore open(Database database, Path imageFolder, Optional<Path> headLog, StationKey key,
                                       String station, Durability durability, Clock clock) throws StoreException {
        if (station == null || station.isBlank()) {
            throw new IllegalArgumentException("the station name is empty: set it in the settings");
        }
        if (station.strip().length() > MAX_STATION_LENGTH) {
            throw new IllegalArgumentException("the station name is " + station.strip().length() + " characters long; "
                    + "at most " + MAX_STATION_LENGTH + " are allowed: shorten it in the settings");
        }
        ImageStore images = new ImageStore(imageFolder);
        try {
            images.checkWritable();
        } catch (IOException | RuntimeException e) {
            throw new StoreException(StoreErrors.explain("write to the image folder " + images.root(), e), e);
        }
        Optional<HeadLog> log = Optional.empty();
        if (headLog.isPresent()) {
            try {
                log = Optional.of(HeadLog.open(headLog.get()));
            } catch (IOException | RuntimeException e) {
                throw new StoreException("Cannot write the audit head log " + headLog.get() + " (" + firstLine(e)
                        + "). Make the data folder writable, or set KENSA_HOME to a writable folder.", e);
            }
        }
        InspectionStore store = new InspectionStore(database, images, headLog, log, Optional.of(key), station.strip(),
                durability, clock, false);
        try {
            store.checkDatabaseWritable();
            store.checkHeadLogCaughtUp(key);
            store.adoptUnauditedProfileVersions();
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** For review, export and audit: every read works, every write is refused, and nothing is checked for writing. */
    public static InspectionStore openForReading(Database database, Path imageFolder) {
        return new InspectionStore(database, new ImageStore(imageFolder), Optional.empty(), Optional.empty(),
                readersKey(imageFolder), "read-only", Durability.PROCESS_CRASH, Clock.systemUTC(), true);
    }

    /** {@link #openForReading(Database, Path)} whose audit check also compares the chain with a station's head log. */
    public static InspectionStore openForReading(Database database, Path imageFolder, Path headLog) {
        return new InspectionStore(database, new ImageStore(imageFolder), Optional.of(headLog), Optional.empty(),
                readersKey(imageFolder), "read-only", Durability.PROCESS_CRASH, Clock.systemUTC(), true);
    }

    /** The station key of the data folder holding an image folder. */
    private static Path keyOf(Path imageFolder) {
        Path parent = imageFolder.toAbsolutePath().getParent();
        return StationKey.in(parent != null ? parent : imageFolder.toAbsolutePath());
    }

    /**
     * A reader checks the MACs of its data folder's station when that key is there and usable; without it, verify
     * names the station's events as signed by a key it was not given.
     */
    private static Optional<StationKey> readersKey(Path imageFolder) {
        Path file = keyOf(imageFolder);
        if (!java.nio.file.Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StationKey.load(file));
        } catch (StoreException e) {
            LOG.warn("Audit check without this station's key: {}", e.getMessage());
            return Optional.empty();
        }
    }

    public String station() {
        return station;
    }

    public AuditTrail auditTrail() {
        return audit;
    }

    public Database database() {
        return database;
    }

    /** The folder the inspections' image files are stored in. */
    public Path imageFolder() {
        return images.root();
    }

    // ---- writes

    /** Stores the frame's image (PNG, by content hash) and the detector's verdict. */
    public InspectionId recordInspection(InspectionInput input) throws StoreException {
        refuseIfReadOnly();
        Detection d = input.detection();
        byte[] png;
        String sha;
        try {
            png = ImageStore.png(input.frame().image());
            sha = images.put(png);
        } catch (IOException e) {
            throw new StoreException(StoreErrors.explain("store the image in the image folder " + images.root(), e), e);
        }
        MapCodec.Encoded map = MapCodec.encode(d.map());
        Instant now = Rows.micros(clock.instant());
        // every text is cut to its column (V002/V004) and the regions capped: the frame is stored whatever it holds
        StoredInspection draft = new StoredInspection(new InspectionId(0), now,
                Rows.micros(input.frame().capturedAt()), station, Rows.text(input.recipeName(), 200),
                input.recipeVersion(), Rows.text(input.frame().source(), 2000), Rows.text(input.frame().origin(), 2000),
                input.frame().sequence(), sha, input.frame().width(), input.frame().height(), MapCodec.NAME,
                d.map().width(), d.map().height(), map.low(), map.high(), d.score(), d.threshold(),
                Rows.largest(d.regions()), d.regions().size(), Rows.text(d.device(), 100), d.timings(),
                input.classification().map(p -> new ClassPrediction(Rows.text(p.className(), 200), p.probability(),
                        Rows.text(p.classifier(), 500))));
        return write("record the inspection in", c -> {
            long id = Rows.insertInspection(c, draft, map.data());
            StoredInspection stored = withId(draft, id);
            append(c, AuditTrail.INSPECTION, id, now, "station " + station, Rows.inspectionContent(stored, map.data()));
            return new InspectionId(id);
        });
    }

    /**
     * Records that a flagged frame could not be stored, and why: a row of {@code frames_not_recorded} and its audit
     * event ({@code frame.not_recorded}) in one transaction, so the part leaves a trace even without its image.
     */
    public long recordNotRecorded(FrameNotRecorded frame) throws StoreException {
        Instant now = Rows.micros(clock.instant());
        FrameNotRecorded row = new FrameNotRecorded(Rows.micros(frame.capturedAt()), Rows.text(frame.source(), 2000),
                Rows.text(frame.origin(), 2000), frame.sequence(), frame.score(), frame.threshold(),
                Rows.text(frame.recipeName(), 200), frame.recipeVersion(), Rows.text(frame.reason(), 2000));
        return write("record a frame that was not stored in", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO frames_not_recorded(recorded_at, captured_at, "
                    + "station, recipe_name, recipe_version, source_spec, source_origin, frame_sequence, score, threshold, "
                    + "reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                Rows.setTime(ps, 1, now);
                Rows.setTime(ps, 2, row.capturedAt());
                ps.setString(3, station);
                ps.setString(4, row.recipeName());
                ps.setInt(5, row.recipeVersion());
                ps.setString(6, row.source());
                ps.setString(7, row.origin());
                ps.setLong(8, row.sequence());
                ps.setDouble(9, row.score());
                ps.setDouble(10, row.threshold());
                ps.setString(11, row.reason());
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            append(c, AuditTrail.FRAME_NOT_RECORDED, id, now, "station " + station,
                    Rows.notRecordedContent(id, now, station, row));
            return id;
        });
    }

    /** Stores an explanation (answer or failure) for an inspection. The endpoint is stored without secrets. */
    public ExplanationId recordExplanation(InspectionId inspection, Explanation e) throws StoreException {
        Instant now = Rows.micros(clock.instant());
        Explanation clean = new Explanation(e.status(), Rows.text(e.explainer(), 30), Rows.text(e.model(), 200),
                Rows.text(Endpoints.redact(Rows.text(e.endpoint())), 2000), Rows.text(e.profileName(), 200),
                e.profileVersion(), e.anomalyClass().map(c -> Rows.text(c, 200)), e.severity(), e.confidence(), Rows.text(e.rationale()),
                Rows.text(e.evidence()), Rows.text(e.requestSummary()), Rows.text(e.rawResponse()), e.latencyMs(),
                e.promptTokens(), e.completionTokens(), e.fromCache(), Rows.micros(e.createdAt()));
        return write("record the explanation in", c -> {
            StoredExplanation draft = new StoredExplanation(new ExplanationId(0), inspection, now, clean);
            long id = Rows.insertExplanation(c, draft);
            StoredExplanation stored = new StoredExplanation(new ExplanationId(id), inspection, now, clean);
            append(c, AuditTrail.EXPLANATION, id, now, "station " + station, Rows.explanationContent(stored));
            return new ExplanationId(id);
        });
    }

    /**
     * Records the inspector's decision; returns once it is durable (see {@link Durability}).
     *
     * @throws RecordedWithWarningException the decision IS recorded, but it could not be forced to disk or noted in
     *                                      the head log: treat it as made and show the message
     */
    public Decision recordDecision(InspectionId inspection, DecisionInput input) throws StoreException {
        Instant now = Rows.micros(clock.instant());
        return writeDecision("record the decision in", c -> {
            Decision draft = new Decision(new DecisionId(0), inspection, input.action(), Rows.text(input.finalClass()),
                    input.severity(), Rows.text(input.comment()), input.operator(), station, now,
                    input.shownExplanation(), Optional.empty());
            return insertDecision(c, draft, AuditTrail.DECISION);
        });
    }

    /**
     * Withdraws a decision by recording an undo that names it (the decision itself is never edited). Refuses an
     * unknown decision, an undo of an undo, and a second undo of the same decision.
     *
     * @throws RecordedWithWarningException the undo IS recorded (see {@link #recordDecision})
     */
    public Decision undo(DecisionId target, Operator operator) throws StoreException {
        Instant now = Rows.micros(clock.instant());
        Optional<Decision> found;
        try (Connection c = database.connect()) {
            found = Rows.decision(c, target.value());
            if (found.isPresent() && undoneBy(c, target).isPresent()) {
                throw new StoreException("Decision " + target.value() + " was already undone; nothing changed.");
            }
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("read the decision from", e, database.describe()), e);
        }
        Decision undone = found.orElseThrow(() -> new StoreException(
                "There is no decision " + target.value() + " to undo; nothing changed."));
        if (undone.isUndo()) {
            throw new StoreException("Decision " + target.value() + " is itself an undo and cannot be undone; "
                    + "record a new decision instead.");
        }
        return writeDecision("record the undo in", c -> insertDecision(c, new Decision(new DecisionId(0),
                undone.inspectionId(), Action.UNDO, undone.finalClass(), undone.severity(), "", operator, station, now,
                Optional.empty(), Optional.of(target)), AuditTrail.UNDO));
    }

    private Decision insertDecision(Connection c, Decision draft, String eventType) throws SQLException {
        long id = Rows.insertDecision(c, draft);
        Decision stored = new Decision(new DecisionId(id), draft.inspectionId(), draft.action(), draft.finalClass(),
                draft.severity(), draft.comment(), draft.operator(), draft.station(), draft.decidedAt(),
                draft.shownExplanation(), draft.undoes());
        append(c, eventType, id, draft.decidedAt(), draft.operator().label(), Rows.decisionContent(stored));
        // after the append, which locks the chain's head: stations deciding on one inspection at once take turns here
        StandingDecisions.refresh(c, draft.inspectionId().value());
        return stored;
    }

    /** Appends the audit event and remembers it for the head log (called inside {@link #write}, under its lock). */
    private AuditCheckpoint append(Connection c, String type, long entityId, Instant at, String actor,
                                   String contentSha) throws SQLException {
        AuditCheckpoint event = audit.append(c, type, entityId, at, actor, contentSha);
        appended.add(event);
        return event;
    }

    // ---- reads

    public Optional<StoredInspection> inspection(InspectionId id) throws StoreException {
        return read("read", c -> Rows.one(c, "SELECT " + Rows.INSPECTION_COLUMNS + " FROM inspections WHERE id = ?",
                id.value(), Rows::inspection));
    }

    /** The stored anomaly map (quantised, see {@code V002.sql}). */
    public AnomalyMap anomalyMap(InspectionId id) throws StoreException {
        return read("read the anomaly map from", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT map_width, map_height, map_low, map_high, map_data FROM inspections WHERE id = ?")) {
                ps.setLong(1, id.value());
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("there is no inspection " + id.value());
                    }
                    return MapCodec.decode(rs.getInt(1), rs.getInt(2), rs.getDouble(3), rs.getDouble(4), rs.getBytes(5));
                } catch (IOException e) {
                    throw new SQLException("the anomaly map of inspection " + id.value() + " is damaged: " + e.getMessage(), e);
                }
            }
        });
    }

    /** The lossless PNG of an inspection's frame. */
    public Path imageFile(StoredInspection inspection) {
        return images.path(inspection.imageSha256());
    }

    public List<StoredExplanation> explanations(InspectionId id) throws StoreException {
        return read("read", c -> explanations(c, id));
    }

    private static List<StoredExplanation> explanations(Connection c, InspectionId id) throws SQLException {
        return ofInspection(c, Rows.EXPLANATION_COLUMNS, "explanations", id, Rows::explanation);
    }

    /** The rows of one table that belong to an inspection, in the order they were written. */
    private static <T> List<T> ofInspection(Connection c, String columns, String table, InspectionId id,
                                            Rows.RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + table
                + " WHERE inspection_id = ? ORDER BY id")) {
            ps.setLong(1, id.value());
            return Rows.list(ps, mapper);
        }
    }

    /** All decisions on an inspection, undos included, oldest first. */
    public List<Decision> decisions(InspectionId id) throws StoreException {
        return read("read", c -> decisions(c, id));
    }

    private static List<Decision> decisions(Connection c, InspectionId id) throws SQLException {
        return ofInspection(c, Rows.DECISION_COLUMNS, "decisions", id, Rows::decision);
    }

    /** Inspections captured in {@code [from, to)}, oldest first, after {@code afterId}, at most {@code limit}. */
    public List<StoredInspection> inspections(Instant from, Instant to, long afterId, int limit) throws StoreException {
        return read("read", c -> inspections(c, from, to, afterId, limit));
    }

    private static List<StoredInspection> inspections(Connection c, Instant from, Instant to, long afterId, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.INSPECTION_COLUMNS + " FROM inspections "
                + "WHERE captured_at >= ? AND captured_at < ? AND id > ? ORDER BY id LIMIT " + Math.max(1, limit))) {
            Rows.setTime(ps, 1, from);
            Rows.setTime(ps, 2, to);
            ps.setLong(3, afterId);
            return Rows.list(ps, Rows::inspection);
        }
    }

    /** Decision {@code d} stands: no undo withdraws it and no later accept or override (itself not undone) replaces it. */
    private static final String STANDING = "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes_id = d.id) "
            + "AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.inspection_id = d.inspection_id AND n.id > d.id "
            + "AND n.kind IN ('ACCEPT','OVERRIDE') AND NOT EXISTS (SELECT 1 FROM decisions nu WHERE nu.undoes_id = n.id)) ";

    /**
     * Inspections of {@code recipe} whose standing decision is {@code normal} (inspectors confirmed the part as good),
     * newest inspection first, with an inspection id below {@code beforeId}, at most {@code limit}: candidates for
     * reference images. Page on with the last row's inspection id.
     */
    public List<ConfirmedGood> confirmedGood(String recipe, long beforeId, int limit) throws StoreException {
        return read("read the good parts of the decision log from", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.image_sha256, d.decided_at, d.operator_name "
                    + "FROM decisions d JOIN inspections i ON i.id = d.inspection_id "
                    + "WHERE i.recipe_name = ? AND d.kind IN ('ACCEPT','OVERRIDE') AND d.final_class = ? AND i.id < ? "
                    + STANDING
                    + "ORDER BY i.id DESC LIMIT " + Math.max(1, limit))) {
                ps.setString(1, recipe);
                ps.setString(2, ReviewCase.NORMAL);
                ps.setLong(3, beforeId);
                return Rows.list(ps, rs -> new ConfirmedGood(new InspectionId(rs.getLong("id")), Rows.time(rs, "decided_at"),
                        rs.getString("operator_name"), images.path(rs.getString("image_sha256"))));
            }
        });
    }

    /**
     * Inspections of {@code recipe} whose standing decision (the newest accept or override not withdrawn by an undo)
     * was made in {@code [from, to)}, by inspection id after {@code afterId}, at most {@code limit}: the decision log
     * as labelled images for retraining the classifier. Page on with the last row's inspection id.
     */
    public List<DecidedImage> decidedImages(String recipe, Instant from, Instant to, long afterId, int limit)
            throws StoreException {
        return read("read the decision log from", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.recipe_version, i.image_sha256, "
                    + "i.machine_class, d.id AS decision_id, d.kind, d.final_class, d.decided_at "
                    + DECIDED_IN_RANGE + "AND i.id > ? " + STANDING
                    + "ORDER BY i.id LIMIT " + Math.max(1, limit))) {
                decidedInRange(ps, recipe, from, to);
                ps.setLong(4, afterId);
                return Rows.list(ps, rs -> {
                    String sha = rs.getString("image_sha256");
                    return new DecidedImage(new InspectionId(rs.getLong("id")), rs.getInt("recipe_version"),
                            new DecisionId(rs.getLong("decision_id")), Action.valueOf(rs.getString("kind")),
                            Rows.time(rs, "decided_at"), finalClass(rs.getString("final_class")),
                            Optional.ofNullable(rs.getString("machine_class")), sha, images.path(sha));
                });
            }
        });
    }

    /**
     * How many of {@link #decidedImages}' inspections each final class has (same selection, same words, {@code normal}
     * as {@code good}), counted in the database without reading a row: what a filter selects, before it is read.
     */
    public Map<String, Long> decidedClassCounts(String recipe, Instant from, Instant to) throws StoreException {
        return read("count the decision log in", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.final_class, COUNT(*) AS n " + DECIDED_IN_RANGE
                    + STANDING + "GROUP BY d.final_class")) {
                decidedInRange(ps, recipe, from, to);
                Map<String, Long> counts = new TreeMap<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(finalClass(rs.getString("final_class")), rs.getLong("n"), Long::sum);
                    }
                }
                return counts;
            }
        });
    }

    /** Accepts and overrides of {@code recipe}'s inspections decided in {@code [from, to)}; parameters 1 to 3. */
    private static final String DECIDED_IN_RANGE = "FROM decisions d JOIN inspections i ON i.id = d.inspection_id "
            + "WHERE i.recipe_name = ? AND d.kind IN ('ACCEPT','OVERRIDE') AND d.decided_at >= ? AND d.decided_at < ? ";

    private static void decidedInRange(PreparedStatement ps, String recipe, Instant from, Instant to) throws SQLException {
        ps.setString(1, recipe);
        Rows.setTime(ps, 2, from);
        Rows.setTime(ps, 3, to);
    }

    /** A decision's final class in the classifier's words. */
    private static String finalClass(String decided) {
        return ReviewCase.NORMAL.equals(decided) ? ClassPrediction.GOOD : decided;
    }

    /** This station's flagged frames stored and recorded as not stored, from the database (they survive a restart). */
    public FrameCounts frameCounts() throws StoreException {
        return read("count the frames in", c -> new FrameCounts(
                count(c, "SELECT COUNT(*) FROM inspections WHERE station = ?"),
                count(c, "SELECT COUNT(*) FROM frames_not_recorded WHERE station = ?")));
    }

    private long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, station);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long countInspections(Instant from, Instant to) throws StoreException {
        return read("read", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM inspections WHERE captured_at >= ? AND captured_at < ?")) {
                Rows.setTime(ps, 1, from);
                Rows.setTime(ps, 2, to);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** How many inspections name this recipe (any version): a recipe the record names keeps its name. */
    public long countInspections(String recipe) throws StoreException {
        return read("read", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inspections WHERE recipe_name = ?")) {
                ps.setString(1, recipe);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Checks that every inspection's image file is present and unchanged (its name is its sha256). Returns what is
     * wrong, at most {@code maxProblems} lines, empty when every image checks out.
     */
    public List<String> checkImages(int maxProblems) throws StoreException {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> checked = new java.util.HashSet<>();
        long after = 0;
        while (problems.size() < maxProblems) {
            long from = after;
            List<Object[]> page = read("read", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, image_sha256 FROM inspections WHERE id > ? ORDER BY id LIMIT 1000")) {
                    ps.setLong(1, from);
                    return Rows.list(ps, rs -> new Object[] {rs.getLong(1), rs.getString(2)});
                }
            });
            for (Object[] row : page) {
                String sha = (String) row[1];
                if (checked.add(sha) && problems.size() < maxProblems) {
                    Path file = images.path(sha);
                    try {
                        if (!java.nio.file.Files.isRegularFile(file)) {
                            problems.add("inspection " + row[0] + ": image " + file + " is missing");
                        } else if (!Hashes.sha256Hex(java.nio.file.Files.readAllBytes(file)).equals(sha)) {
                            problems.add("inspection " + row[0] + ": image " + file + " was changed after it was stored");
                        }
                    } catch (IOException e) {
                        problems.add("inspection " + row[0] + ": image " + file + " cannot be read (" + e.getMessage() + ")");
                    }
                }
                after = (Long) row[0];
            }
            if (page.size() < 1000) {
                break;
            }
        }
        return problems;
    }

    /** The quantised map bytes (0..255), for writing grey PNGs. */
    private static byte[] mapBytes(Connection c, InspectionId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT map_width, map_height, map_data FROM inspections WHERE id = ?")) {
            ps.setLong(1, id.value());
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("there is no inspection " + id.value());
                }
                return MapCodec.bytes(rs.getInt(1), rs.getInt(2), rs.getBytes(3));
            } catch (IOException e) {
                throw new SQLException("the anomaly map of inspection " + id.value() + " is damaged: " + e.getMessage(), e);
            }
        }
    }

    /** Reads over one connection, for an export's many reads (one connection per read otherwise); closed by the caller. */
    Reader reader() throws StoreException {
        try {
            Connection c = database.connect();
            c.setReadOnly(true);
            return new Reader(c);
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("read", e, database.describe()), e);
        }
    }

    final class Reader implements AutoCloseable {
        private final Connection c;

        private Reader(Connection c) {
            this.c = c;
        }

        List<StoredInspection> inspections(Instant from, Instant to, long afterId, int limit) throws StoreException {
            return on(c, "read", k -> InspectionStore.inspections(k, from, to, afterId, limit));
        }

        List<StoredExplanation> explanations(InspectionId id) throws StoreException {
            return on(c, "read", k -> InspectionStore.explanations(k, id));
        }

        List<Decision> decisions(InspectionId id) throws StoreException {
            return on(c, "read", k -> InspectionStore.decisions(k, id));
        }

        byte[] mapBytes(InspectionId id) throws StoreException {
            return on(c, "read the anomaly map from", k -> InspectionStore.mapBytes(k, id));
        }

        @Override
        public void close() {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to read
            }
        }
    }

    // ---- plumbing

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs one transaction and commits it, then notes its events for the head log: written at once when the commit
     * is as durable as it gets (PostgreSQL, or no fsync asked for), else after the next {@code CHECKPOINT SYNC} (a
     * decision's, or one run every {@link #MAX_UNLOGGED} events). A failure before the commit rolls back and throws;
     * once committed, the write counts: a head log that cannot be written is logged and reported by the next
     * {@link #writeDecision}.
     */
    private synchronized <T> T write(String action, Work<T> work) throws StoreException {
        refuseIfReadOnly();
        appended.clear();
        noticeHeadLogLoss();
        try {
            Connection c = writer();
            try {
                if (headLogLoss.isPresent()) {
                    appendGap(c, headLogLoss.get());
                }
                T result = work.run(c);
                c.commit();
                headLogLoss = Optional.empty();
                noteInHeadLog(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            dropWriter();
            throw new StoreException(StoreErrors.explain(action, e, database.describe()), e);
        } finally {
            appended.clear();
        }
    }

    /**
     * A head log deleted, replaced or cut short since the last write: writing on into it would lose the lines, so
     * the store starts a new file at the path and the next commit records the gap (the lines the log lost) as an
     * event signed by this station, which verify reports instead of a failure.
     */
    private void noticeHeadLogLoss() {
        if (headLog.isEmpty()) {
            return;
        }
        Optional<String> lost = headLog.get().lost();
        if (lost.isPresent()) {
            LOG.warn("The audit head log {} was {} while the station ran: recording the gap and writing a new one",
                    headLog.get().file(), lost.get());
            headLogLoss = Optional.of("was " + lost.get() + " while the station ran");
            try {
                headLog.get().reopen();
            } catch (IOException e) {
                headLogFailure = Optional.of(e); // reported with the next decision; the next append tries again
            }
        }
    }

    /** Records that the head log lost lines: an event of its own, so verify can tell it from lines removed unseen. */
    private void appendGap(Connection c, String what) throws SQLException {
        String file = headLog.orElseThrow().file().toString();
        append(c, AuditTrail.HEAD_LOG_GAP, 0, Rows.micros(clock.instant()), "station " + station,
                new Canonical().add("head log", file).add("gap", what).sha256());
    }

    /**
     * When the station opens: events this key signed that its head log does not reach (the process was killed or
     * lost power before their lines were written, or lines were removed) are recorded as a gap, so they are
     * accounted for instead of failing every verify from now on.
     */
    private void checkHeadLogCaughtUp(StationKey key) throws StoreException {
        if (headLog.isEmpty()) {
            return;
        }
        long logged;
        try {
            logged = HeadLog.newest(headLog.get().file(), database.id()).newest().map(e -> e.event().seq()).orElse(0L);
        } catch (IOException e) {
            throw new StoreException("Cannot read the audit head log " + headLog.get().file() + " (" + firstLine(e)
                    + "). Check the file's permissions.", e);
        }
        long signed = read("read", c -> AuditTrail.newestSignedBy(c, key));
        if (signed > logged) {
            LOG.warn("The audit head log {} ends at event {} but this station signed event {}: recording the gap",
                    headLog.get().file(), logged, signed);
            write("record the head log gap in", c -> {
                appendGap(c, "ended at event " + logged + " when the station opened, its newest event was " + signed);
                return null;
            });
        }
    }

    /** Versions saved before versions were audit events get one, signed now, so every version is in the chain. */
    private void adoptUnauditedProfileVersions() throws StoreException {
        write("adopt the older prompt profile versions into the audit trail of", c -> {
            for (PromptProfileStore.Unaudited v : PromptProfileStore.unaudited(c)) {
                AuditCheckpoint event = append(c, AuditTrail.PROFILE_VERSION, v.version(), v.createdAt(),
                        "station " + station + " (adopted at upgrade)", v.contentSha());
                PromptProfileStore.adopted(c, v, event.seq());
            }
            return null;
        });
    }

    private void noteInHeadLog(Connection c) {
        if (headLog.isEmpty() || appended.isEmpty()) {
            return;
        }
        String time = clock.instant().toString();
        appended.forEach(e -> unlogged.add(new HeadLog.Entry(e, time)));
        if (!syncs) {
            appendUnlogged();
        } else if (unlogged.size() >= MAX_UNLOGGED) {
            // a station recording without deciding: one sync per many inspections keeps the waiting lines few
            try {
                syncThenLog(c);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("CHECKPOINT SYNC after {} events failed ({}); their head log lines wait for the next one",
                        unlogged.size(), e.getMessage());
            }
        }
    }

    /** Forces H2's file to disk, then writes the lines of the events it now holds to the head log. */
    private void syncThenLog(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
        appendUnlogged();
    }

    /** Writes the waiting lines, in order; a failure is logged and reported with the next decision. */
    private void appendUnlogged() {
        if (headLog.isEmpty() || unlogged.isEmpty()) {
            return;
        }
        try {
            headLog.get().append(unlogged, database.id());
        } catch (IOException e) {
            LOG.warn("Cannot add events {} to the audit head log {}: {}", unlogged.stream().map(HeadLog.Entry::event)
                    .toList(), headLog.get().file(), e.getMessage());
            headLogFailure = Optional.of(e);
            // their lines are lost: the next write records the gap, so verify can tell it from lines removed unseen
            headLogLoss = Optional.of("could not be written (" + firstLine(e) + "): events "
                    + unlogged.get(0).event().seq() + ".." + unlogged.get(unlogged.size() - 1).event().seq()
                    + " are not in it");
        }
        unlogged.clear();
    }

    /**
     * {@link #write} for a decision or undo, then makes it durable: H2 forces the database file to disk, then the
     * waiting head log lines are written; the head log is forced every few decisions (power-loss mode). The decision is committed before either; if one fails the
     * decision is still returned, inside a {@link RecordedWithWarningException}, so nobody records it a second time.
     */
    private synchronized Decision writeDecision(String action, Work<Decision> work) throws StoreException {
        Decision decision = write(action, work);
        String what = "Decision " + decision.id().value() + " (" + decision.action().name().toLowerCase(Locale.ROOT)
                + ", " + decision.finalClass() + ") was recorded, but ";
        String dontRepeat = " Do not record it again: it is in the database.";
        if (syncs) {
            try {
                syncThenLog(writer());
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Decision {} committed, CHECKPOINT SYNC failed: {}", decision.id().value(), e.getMessage());
                throw new RecordedWithWarningException(decision, what + "Kensa could not confirm that it reached the "
                        + "disk (forcing " + database.describe() + " to disk failed: " + firstLine(e) + "), so a power "
                        + "cut now could lose it. Check the disk and that the database user is an admin." + dontRepeat, e);
            }
        }
        if (headLog.isPresent()) {
            try {
                if (headLogFailure.isPresent()) {
                    throw headLogFailure.get();
                }
                if (durability == Durability.POWER_LOSS) {
                    headLog.get().decided();
                }
            } catch (IOException e) {
                headLogFailure = Optional.empty();
                throw new RecordedWithWarningException(decision, what + "it could not be noted in the audit head log "
                        + headLog.get().file() + " (" + firstLine(e) + "). Check that the disk has space and the "
                        + "folder is writable." + dontRepeat, e);
            }
        }
        return decision;
    }

    private void refuseIfReadOnly() throws StoreException {
        if (readOnly) {
            throw new StoreException("This view was opened for reading only and records nothing; "
                    + "decide at the inspection station.");
        }
    }

    private <T> T read(String action, Work<T> work) throws StoreException {
        try (Connection c = database.connect()) {
            return on(c, action, work);
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain(action, e, database.describe()), e);
        }
    }

    private <T> T on(Connection c, String action, Work<T> work) throws StoreException {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain(action, e, database.describe()), e);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot " + action + " the database " + database.describe() + ": a stored row "
                    + "holds an invalid value (" + e.getMessage() + "). Run kensa audit verify to find it.", e);
        }
    }

    private Connection writer() throws SQLException {
        if (writer == null) {
            writer = database.connect();
            writer.setAutoCommit(false);
        }
        return writer;
    }

    private void dropWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException ignored) {
                // a broken connection: the next write opens a new one
            }
            writer = null;
        }
    }

    /** The cause in a few words: H2's first line without its SQL, or a file error's reason and file. */
    private static String firstLine(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String kind = f.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
            return (f.getReason() != null ? f.getReason() : kind.toLowerCase(Locale.ROOT)) + ": " + f.getFile();
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).replaceFirst(";? ?SQL statement:$", "");
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what gets reported
        }
    }

    /** Runs a write that changes nothing (and rolls back): a read-only database fails here, at start-up. */
    private void checkDatabaseWritable() throws StoreException {
        write("write to", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")) {
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("the audit_head row is missing: run kensa audit verify");
                }
            }
            c.rollback();
            return null;
        });
    }

    private static Optional<Long> undoneBy(Connection c, DecisionId target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM decisions WHERE undoes_id = ?")) {
            ps.setLong(1, target.value());
            return Rows.list(ps, rs -> rs.getLong(1)).stream().findFirst();
        }
    }

    private static StoredInspection withId(StoredInspection s, long id) {
        return new StoredInspection(new InspectionId(id), s.recordedAt(), s.capturedAt(), s.station(),
                s.recipeName(), s.recipeVersion(), s.source(), s.origin(), s.frameSequence(), s.imageSha256(),
                s.imageWidth(), s.imageHeight(), s.mapCodec(), s.mapWidth(), s.mapHeight(), s.mapLow(), s.mapHigh(),
                s.score(), s.threshold(), s.regions(), s.regionCount(), s.device(), s.timings(), s.classification());
    }

    @Override
    public synchronized void close() {
        if (syncs && !unlogged.isEmpty()) {
            try {
                syncThenLog(writer());
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Closing: CHECKPOINT SYNC failed ({}); the head log stays behind by {} event(s)",
                        e.getMessage(), unlogged.size());
            }
        }
        dropWriter();
        headLog.ifPresent(HeadLog::close);
    }
}
