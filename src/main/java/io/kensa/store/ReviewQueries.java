package io.kensa.store;

import io.kensa.model.Decision;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.MachineAnswer;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supervisor's read of the decision log in a fixed number of queries however many inspections match (rather
 * than two per inspection): the inspections decided in a range, every decision row on them, and the verdicts of
 * their explanations (without their long texts).
 */
public final class ReviewQueries {
    /** Ids per {@code IN (...)} list: well inside what H2 and PostgreSQL accept. */
    private static final int CHUNK = 500;

    private final Database database;

    public ReviewQueries(InspectionStore store) {
        this.database = store.database();
    }

    /**
     * Inspections with an accept or override decided in {@code [from, to)}, newest inspection first, at most
     * {@code limit}; each carries its whole decision history (later undos included, whenever made).
     */
    public List<ReviewedInspection> decidedBetween(Instant from, Instant to, int limit) throws StoreException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("review range " + from + " .. " + to + " is empty");
        }
        try (Connection c = database.connect()) {
            List<Head> heads;
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.captured_at, i.station, i.recipe_name, "
                    + "i.recipe_version, i.score, i.threshold FROM inspections i WHERE i.id IN (SELECT d.inspection_id "
                    + "FROM decisions d WHERE d.decided_at >= ? AND d.decided_at < ? AND d.kind IN ('ACCEPT','OVERRIDE')) "
                    + "ORDER BY i.id DESC LIMIT " + Math.max(1, limit))) {
                Rows.setTime(ps, 1, from);
                Rows.setTime(ps, 2, to);
                heads = Rows.list(ps, rs -> new Head(rs.getLong("id"), Rows.time(rs, "captured_at"),
                        rs.getString("station"), rs.getString("recipe_name"), rs.getInt("recipe_version"),
                        rs.getDouble("score"), rs.getDouble("threshold")));
            }
            List<Long> ids = heads.stream().map(Head::id).toList();
            Map<Long, List<Decision>> histories = new HashMap<>();
            for (Decision d : byInspection(c, "SELECT " + Rows.DECISION_COLUMNS + " FROM decisions", ids, " ORDER BY id",
                    Rows::decision)) {
                histories.computeIfAbsent(d.inspectionId().value(), k -> new ArrayList<>()).add(d);
            }
            Map<Long, Map<ExplanationId, MachineAnswer>> answers = new HashMap<>();
            for (Shown s : byInspection(c, "SELECT id, inspection_id, status, anomaly_class, severity, model, "
                    + "profile_name, profile_version FROM explanations", ids, "", rs -> new Shown(
                    rs.getLong("inspection_id"), new MachineAnswer(new ExplanationId(rs.getLong("id")),
                            ExplanationStatus.valueOf(rs.getString("status")),
                            Optional.ofNullable(rs.getString("anomaly_class")),
                            Optional.ofNullable(rs.getString("severity")).map(Severity::valueOf),
                            rs.getString("model"), rs.getString("profile_name"), rs.getInt("profile_version"))))) {
                answers.computeIfAbsent(s.inspectionId(), k -> new LinkedHashMap<>()).put(s.answer().id(), s.answer());
            }
            List<ReviewedInspection> out = new ArrayList<>(heads.size());
            for (Head h : heads) {
                out.add(new ReviewedInspection(new InspectionId(h.id()), h.capturedAt(), h.station(), h.recipeName(),
                        h.recipeVersion(), h.score(), h.threshold(), histories.getOrDefault(h.id(), List.of()),
                        answers.getOrDefault(h.id(), Map.of())));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("read the decision log from", e, database.describe()), e);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot read the decision log from " + database.describe() + ": a stored row "
                    + "holds an invalid value (" + e.getMessage() + "). Run kensa audit verify to find it.", e);
        }
    }

    /**
     * The standing decisions made in {@code [from, to)}, newest first, on at most {@code limit} inspections (the
     * newest), optionally of one recipe: what the supervisor reviews.
     */
    public List<ReviewCase> standingDecidedBetween(Instant from, Instant to, Optional<String> recipe, int limit)
            throws StoreException {
        return decidedBetween(from, to, limit).stream()
                .filter(i -> recipe.map(i.recipeName()::equals).orElse(true))
                .flatMap(i -> i.standing().stream())
                .filter(c -> !c.decision().decidedAt().isBefore(from) && c.decision().decidedAt().isBefore(to))
                .sorted(Comparator.comparing((ReviewCase c) -> c.decision().decidedAt())
                        .thenComparing(c -> c.decision().id().value()).reversed())
                .toList();
    }

    /** The rationale and evidence of each explanation, as one text, for reading what the explanations rely on. */
    public Map<ExplanationId, String> explanationTexts(Collection<ExplanationId> ids) throws StoreException {
        List<Long> values = ids.stream().map(ExplanationId::value).distinct().toList();
        Map<ExplanationId, String> out = new HashMap<>();
        try (Connection c = database.connect()) {
            for (Object[] row : inChunks(c, "SELECT id, rationale, evidence FROM explanations", "id", values, "",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2) + "\n" + rs.getString(3)})) {
                out.put(new ExplanationId((Long) row[0]), (String) row[1]);
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("read the explanations from", e, database.describe()), e);
        }
    }

    private record Head(long id, Instant capturedAt, String station, String recipeName, int recipeVersion,
                        double score, double threshold) {}

    private record Shown(long inspectionId, MachineAnswer answer) {}

    private static <T> List<T> byInspection(Connection c, String select, List<Long> ids, String order,
                                            Rows.RowMapper<T> mapper) throws SQLException {
        return inChunks(c, select, "inspection_id", ids, order, mapper);
    }

    /** {@code select WHERE column IN (ids) order}, a chunk of ids per statement. */
    private static <T> List<T> inChunks(Connection c, String select, String column, List<Long> ids, String order,
                                        Rows.RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(select + " WHERE " + column + " IN (" + marks + ")" + order)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                rows.addAll(Rows.list(ps, mapper));
            }
        }
        return rows;
    }
}
