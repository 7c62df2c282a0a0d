package io.kensa.store;

import io.kensa.detect.Detection.DetectTimings;
import io.kensa.detect.Region;
import io.kensa.llm.Explanation;
import io.kensa.model.Action;
import io.kensa.model.ClassPrediction;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.util.Hashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** SQL for the three recorded tables and the canonical content each row contributes to the audit trail. */
final class Rows {
    static final String INSPECTION_COLUMNS = "id, recorded_at, captured_at, station, recipe_name, recipe_version, "
            + "source_spec, source_origin, frame_sequence, image_sha256, image_width, image_height, map_codec, "
            + "map_width, map_height, map_low, map_high, score, threshold, regions, device, backbone_ms, "
            + "nearest_neighbour_ms, map_ms, machine_class, machine_class_probability, classifier";
    static final String EXPLANATION_COLUMNS = "id, inspection_id, recorded_at, status, explainer, model, endpoint, "
            + "profile_name, profile_version, anomaly_class, severity, confidence, rationale, evidence, "
            + "request_summary, raw_response, latency_ms, prompt_tokens, completion_tokens, from_cache, created_at";
    static final String DECISION_COLUMNS = "id, inspection_id, kind, final_class, severity, note, operator_id, "
            + "operator_name, operator_role, station, decided_at, explanation_id, undoes_id";

    // only the id comes back (PostgreSQL would otherwise return every column, map blob included)
    private static final String[] ID_COLUMN = {"id"};

    private Rows() {}

    // ---- time: both databases keep microseconds

    static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** PostgreSQL refuses NUL characters in text; LLM output may carry them. */
    static String text(String s) {
        return s == null ? "" : s.replace('\u0000', '\uFFFD');
    }

    /**
     * {@link #text} cut to a column's width (ending in an ellipsis when cut): a frame source, device or model name
     * longer than its column must not make the inspection impossible to store.
     */
    static String text(String s, int max) {
        String clean = text(s);
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "\u2026";
    }

    // ---- inspections

    static long insertInspection(Connection c, StoredInspection s, byte[] mapData) throws SQLException {
        String sql = "INSERT INTO inspections(recorded_at, captured_at, station, recipe_name, recipe_version, "
                + "source_spec, source_origin, frame_sequence, image_sha256, image_width, image_height, map_codec, "
                + "map_width, map_height, map_low, map_high, map_data, score, threshold, regions, device, "
                + "backbone_ms, nearest_neighbour_ms, map_ms, machine_class, machine_class_probability, classifier) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql, ID_COLUMN)) {
            setTime(ps, 1, s.recordedAt());
            setTime(ps, 2, s.capturedAt());
            ps.setString(3, s.station());
            ps.setString(4, s.recipeName());
            ps.setInt(5, s.recipeVersion());
            ps.setString(6, s.source());
            ps.setString(7, s.origin());
            ps.setLong(8, s.frameSequence());
            ps.setString(9, s.imageSha256());
            ps.setInt(10, s.imageWidth());
            ps.setInt(11, s.imageHeight());
            ps.setString(12, s.mapCodec());
            ps.setInt(13, s.mapWidth());
            ps.setInt(14, s.mapHeight());
            ps.setDouble(15, s.mapLow());
            ps.setDouble(16, s.mapHigh());
            ps.setBytes(17, mapData);
            ps.setDouble(18, s.score());
            ps.setDouble(19, s.threshold());
            ps.setString(20, regions(s.regions(), s.regionCount()));
            ps.setString(21, s.device());
            ps.setDouble(22, s.timings().backboneMs());
            ps.setDouble(23, s.timings().nearestNeighbourMs());
            ps.setDouble(24, s.timings().mapMs());
            ps.setString(25, s.classification().map(ClassPrediction::className).orElse(null));
            ps.setObject(26, s.classification().map(ClassPrediction::probability).orElse(null), Types.DOUBLE);
            ps.setString(27, s.classification().map(ClassPrediction::classifier).orElse(null));
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    static StoredInspection inspection(ResultSet rs) throws SQLException {
        StoredRegions regions = regions(rs.getString("regions"));
        return new StoredInspection(new InspectionId(rs.getLong("id")), time(rs, "recorded_at"),
                time(rs, "captured_at"), rs.getString("station"), rs.getString("recipe_name"),
                rs.getInt("recipe_version"), rs.getString("source_spec"), rs.getString("source_origin"),
                rs.getLong("frame_sequence"), rs.getString("image_sha256"), rs.getInt("image_width"),
                rs.getInt("image_height"), rs.getString("map_codec"), rs.getInt("map_width"),
                rs.getInt("map_height"), rs.getDouble("map_low"), rs.getDouble("map_high"), rs.getDouble("score"),
                rs.getDouble("threshold"), regions.listed(), regions.found(), rs.getString("device"),
                new DetectTimings(rs.getDouble("backbone_ms"), rs.getDouble("nearest_neighbour_ms"),
                        rs.getDouble("map_ms")), classification(rs));
    }

    private static Optional<ClassPrediction> classification(ResultSet rs) throws SQLException {
        String name = rs.getString("machine_class");
        return name == null ? Optional.empty()
                : Optional.of(new ClassPrediction(name, rs.getDouble("machine_class_probability"), rs.getString("classifier")));
    }

    static String inspectionContent(StoredInspection s, byte[] mapData) {
        Canonical content = new Canonical().add("table", "inspections").add("id", s.id().value())
                .add("recorded_at", s.recordedAt()).add("captured_at", s.capturedAt()).add("station", s.station())
                .add("recipe_name", s.recipeName()).add("recipe_version", s.recipeVersion())
                .add("source_spec", s.source()).add("source_origin", s.origin())
                .add("frame_sequence", s.frameSequence()).add("image_sha256", s.imageSha256())
                .add("image_width", s.imageWidth()).add("image_height", s.imageHeight())
                .add("map_codec", s.mapCodec()).add("map_width", s.mapWidth()).add("map_height", s.mapHeight())
                .add("map_low", s.mapLow()).add("map_high", s.mapHigh())
                .add("map_data_sha256", Hashes.sha256Hex(mapData)).add("score", s.score())
                .add("threshold", s.threshold()).add("regions", regions(s.regions(), s.regionCount())).add("device", s.device())
                .add("backbone_ms", s.timings().backboneMs())
                .add("nearest_neighbour_ms", s.timings().nearestNeighbourMs())
                .add("map_ms", s.timings().mapMs());
        // a classified inspection adds its class (V005); one without keeps the exact text older Kensa hashed
        s.classification().ifPresent(p -> content.add("machine_class", p.className())
                .add("machine_class_probability", p.probability()).add("classifier", p.classifier()));
        return content.sha256();
    }

    /** The content hash of a {@code frames_not_recorded} row: what its {@code frame.not_recorded} event signs. */
    static String notRecordedContent(long id, Instant recordedAt, String station, FrameNotRecorded frame) {
        return new Canonical().add("table", "frames_not_recorded").add("id", id).add("recorded_at", recordedAt)
                .add("captured_at", frame.capturedAt()).add("station", station).add("recipe_name", frame.recipeName())
                .add("recipe_version", frame.recipeVersion()).add("source_spec", frame.source())
                .add("source_origin", frame.origin()).add("frame_sequence", frame.sequence()).add("score", frame.score())
                .add("threshold", frame.threshold()).add("reason", frame.reason()).sha256();
    }

    /** The content hash of the {@code frames_not_recorded} row as it is now, or empty when it was deleted. */
    static Optional<String> notRecordedContent(Connection c, long id) throws SQLException {
        return one(c, "SELECT recorded_at, captured_at, station, recipe_name, recipe_version, source_spec, source_origin, "
                + "frame_sequence, score, threshold, reason FROM frames_not_recorded WHERE id = ?", id,
                rs -> notRecordedContent(id, time(rs, "recorded_at"), rs.getString("station"), new FrameNotRecorded(
                        time(rs, "captured_at"), rs.getString("source_spec"), rs.getString("source_origin"),
                        rs.getLong("frame_sequence"), rs.getDouble("score"), rs.getDouble("threshold"),
                        rs.getString("recipe_name"), rs.getInt("recipe_version"), rs.getString("reason"))));
    }

    static Optional<String> inspectionContent(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + INSPECTION_COLUMNS + ", map_data FROM inspections WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(inspectionContent(inspection(rs), rs.getBytes("map_data")))
                        : Optional.empty();
            }
        }
    }

    /**
     * At most this many regions are stored per inspection: a noisy map can have thousands, and a decision must never
     * be blocked by a row too long to store. The largest are kept, the rest counted.
     */
    static final int MAX_REGIONS = 200;

    /** The {@link #MAX_REGIONS} largest regions, largest first (all of them, in their order, when there are fewer). */
    static List<Region> largest(List<Region> regions) {
        if (regions.size() <= MAX_REGIONS) {
            return regions;
        }
        List<Region> byArea = new ArrayList<>(regions);
        byArea.sort(Comparator.comparingInt(Region::area).reversed());
        return List.copyOf(byArea.subList(0, MAX_REGIONS));
    }

    /**
     * {@code x,y,w,h,area,peak} per region, {@code ;}-separated; when fewer than {@code found} regions are listed, a
     * last item {@code +N} counts the ones left out (rows written before the cap never have it).
     */
    static String regions(List<Region> regions, int found) {
        StringBuilder text = new StringBuilder();
        for (Region r : regions) {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(r.x()).append(',').append(r.y()).append(',').append(r.width()).append(',')
                    .append(r.height()).append(',').append(r.area()).append(',').append(r.peak());
        }
        if (found > regions.size()) {
            text.append(text.isEmpty() ? "" : ";").append('+').append(found - regions.size());
        }
        return text.toString();
    }

    /** The stored regions and how many the detector found (more than listed when the list was capped). */
    record StoredRegions(List<Region> listed, int found) {}

    static StoredRegions regions(String text) {
        List<Region> regions = new ArrayList<>();
        int omitted = 0;
        if (text == null || text.isBlank()) {
            return new StoredRegions(regions, 0);
        }
        for (String part : text.split(";")) {
            if (part.startsWith("+")) {
                omitted = Integer.parseInt(part.substring(1));
                continue;
            }
            String[] f = part.split(",");
            regions.add(new Region(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Double.parseDouble(f[5])));
        }
        return new StoredRegions(regions, regions.size() + omitted);
    }

    // ---- explanations

    static long insertExplanation(Connection c, StoredExplanation s) throws SQLException {
        Explanation e = s.explanation();
        String sql = "INSERT INTO explanations(inspection_id, recorded_at, status, explainer, model, endpoint, "
                + "profile_name, profile_version, anomaly_class, severity, confidence, rationale, evidence, "
                + "request_summary, raw_response, latency_ms, prompt_tokens, completion_tokens, from_cache, created_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql, ID_COLUMN)) {
            ps.setLong(1, s.inspectionId().value());
            setTime(ps, 2, s.recordedAt());
            ps.setString(3, e.status().name());
            ps.setString(4, e.explainer());
            ps.setString(5, e.model());
            ps.setString(6, e.endpoint());
            ps.setString(7, e.profileName());
            ps.setInt(8, e.profileVersion());
            setOptional(ps, 9, e.anomalyClass());
            setOptional(ps, 10, e.severity().map(Severity::name));
            ps.setDouble(11, e.confidence());
            ps.setString(12, e.rationale());
            ps.setString(13, e.evidence());
            ps.setString(14, e.requestSummary());
            ps.setString(15, e.rawResponse());
            ps.setLong(16, e.latencyMs());
            ps.setInt(17, e.promptTokens());
            ps.setInt(18, e.completionTokens());
            ps.setBoolean(19, e.fromCache());
            setTime(ps, 20, e.createdAt());
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    static StoredExplanation explanation(ResultSet rs) throws SQLException {
        Explanation e = new Explanation(ExplanationStatus.valueOf(rs.getString("status")), rs.getString("explainer"),
                rs.getString("model"), rs.getString("endpoint"), rs.getString("profile_name"),
                rs.getInt("profile_version"), Optional.ofNullable(rs.getString("anomaly_class")),
                Optional.ofNullable(rs.getString("severity")).map(Severity::valueOf), rs.getDouble("confidence"),
                rs.getString("rationale"), rs.getString("evidence"), rs.getString("request_summary"),
                rs.getString("raw_response"), rs.getLong("latency_ms"), rs.getInt("prompt_tokens"),
                rs.getInt("completion_tokens"), rs.getBoolean("from_cache"), time(rs, "created_at"));
        return new StoredExplanation(new ExplanationId(rs.getLong("id")),
                new InspectionId(rs.getLong("inspection_id")), time(rs, "recorded_at"), e);
    }

    static String explanationContent(StoredExplanation s) {
        Explanation e = s.explanation();
        return new Canonical().add("table", "explanations").add("id", s.id().value())
                .add("inspection_id", s.inspectionId().value()).add("recorded_at", s.recordedAt())
                .add("status", e.status().name()).add("explainer", e.explainer()).add("model", e.model())
                .add("endpoint", e.endpoint()).add("profile_name", e.profileName())
                .add("profile_version", e.profileVersion()).add("anomaly_class", e.anomalyClass())
                .add("severity", e.severity().map(Severity::name)).add("confidence", e.confidence())
                .add("rationale", e.rationale()).add("evidence", e.evidence())
                .add("request_summary", e.requestSummary()).add("raw_response", e.rawResponse())
                .add("latency_ms", e.latencyMs()).add("prompt_tokens", e.promptTokens())
                .add("completion_tokens", e.completionTokens()).add("from_cache", e.fromCache())
                .add("created_at", e.createdAt()).sha256();
    }

    static Optional<String> explanationContent(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + EXPLANATION_COLUMNS + " FROM explanations WHERE id = ?", id,
                rs -> explanationContent(explanation(rs)));
    }

    // ---- decisions

    static long insertDecision(Connection c, Decision d) throws SQLException {
        String sql = "INSERT INTO decisions(inspection_id, kind, final_class, severity, note, operator_id, "
                + "operator_name, operator_role, station, decided_at, explanation_id, undoes_id) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql, ID_COLUMN)) {
            ps.setLong(1, d.inspectionId().value());
            ps.setString(2, d.action().name());
            ps.setString(3, d.finalClass());
            ps.setString(4, d.severity().name());
            ps.setString(5, d.comment());
            ps.setString(6, d.operator().id());
            ps.setString(7, d.operator().name());
            ps.setString(8, d.operator().role().name());
            ps.setString(9, d.station());
            setTime(ps, 10, d.decidedAt());
            setOptionalId(ps, 11, d.shownExplanation().map(ExplanationId::value));
            setOptionalId(ps, 12, d.undoes().map(DecisionId::value));
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    static Decision decision(ResultSet rs) throws SQLException {
        long explanation = rs.getLong("explanation_id");
        Optional<ExplanationId> shown = rs.wasNull() ? Optional.empty() : Optional.of(new ExplanationId(explanation));
        long undone = rs.getLong("undoes_id");
        Optional<DecisionId> undoes = rs.wasNull() ? Optional.empty() : Optional.of(new DecisionId(undone));
        return new Decision(new DecisionId(rs.getLong("id")), new InspectionId(rs.getLong("inspection_id")),
                Action.valueOf(rs.getString("kind")), rs.getString("final_class"),
                Severity.valueOf(rs.getString("severity")), rs.getString("note"),
                new Operator(rs.getString("operator_id"), rs.getString("operator_name"),
                        Role.valueOf(rs.getString("operator_role"))),
                rs.getString("station"), time(rs, "decided_at"), shown, undoes);
    }

    static String decisionContent(Decision d) {
        return new Canonical().add("table", "decisions").add("id", d.id().value())
                .add("inspection_id", d.inspectionId().value()).add("kind", d.action().name())
                .add("final_class", d.finalClass()).add("severity", d.severity().name()).add("note", d.comment())
                .add("operator_id", d.operator().id()).add("operator_name", d.operator().name())
                .add("operator_role", d.operator().role().name()).add("station", d.station())
                .add("decided_at", d.decidedAt())
                .add("explanation_id", d.shownExplanation().map(ExplanationId::value))
                .add("undoes_id", d.undoes().map(DecisionId::value)).sha256();
    }

    static Optional<String> decisionContent(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE id = ?", id, rs -> decisionContent(decision(rs)));
    }

    static Optional<Decision> decision(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE id = ?", id, Rows::decision);
    }

    // ---- helpers

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static <T> Optional<T> one(Connection c, String sql, long id, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    static <T> List<T> list(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no id for the new row");
            }
            return keys.getLong(1);
        }
    }

    private static void setOptional(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    private static void setOptionalId(PreparedStatement ps, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }
}
