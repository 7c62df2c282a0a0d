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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The supervisor's read of the decision log in a fixed number of queries however many inspections match (rather
 * than two per inspection): the standing decisions of a range as the Review figures need them (one narrow table),
 * the inspections decided in a range with every decision row on them and the verdicts of their explanations
 * (without their long texts), and the texts of chosen explanations.
 */
public final class ReviewQueries {
    /** The Review's first page: several screens of its table, read from the index before the whole range. */
    public static final int FIRST_PAGE = 200;
    /** Ids per {@code IN (...)} list: well inside what H2 and PostgreSQL accept. */
    private static final int CHUNK = 500;

    private final Database database;

    public ReviewQueries(InspectionStore store) {
        this.database = store.database();
    }

    /**
     * Inspections with an accept or override decided in {@code [from, to)}, those decided most recently first, at
     * most {@code limit}; each carries its whole decision history (later undos included, whenever made).
     */
    public List<ReviewedInspection> decidedBetween(Instant from, Instant to, int limit) throws StoreException {
        return decidedBetween(from, to, Optional.empty(), limit);
    }

    /** As {@link #decidedBetween(Instant, Instant, int)}, only inspections of one recipe when one is given. */
    public List<ReviewedInspection> decidedBetween(Instant from, Instant to, Optional<String> recipe, int limit)
            throws StoreException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("review range " + from + " .. " + to + " is empty");
        }
        // the range as a sub-select the three reads share; a page is a short id list instead
        String decided = "SELECT d.inspection_id FROM decisions d" + (recipe.isPresent()
                ? " JOIN inspections r ON r.id = d.inspection_id AND r.recipe_name = ?" : "")
                + " WHERE d.decided_at >= ? AND d.decided_at < ? AND d.kind IN ('ACCEPT','OVERRIDE')";
        Binder range = ps -> {
            int k = 1;
            if (recipe.isPresent()) {
                ps.setString(k++, recipe.get());
            }
            Rows.setTime(ps, k++, from);
            Rows.setTime(ps, k, to);
        };
        try (Connection c = database.connect()) {
            List<Long> ids = decidedInspections(c, decided, range, limit);
            if (ids.isEmpty()) {
                return List.of();
            }
            Selection of = Selection.of(ids);
            Map<Long, List<Decision>> histories = new HashMap<>();
            for (Decision d : of.read(c, "SELECT " + Rows.DECISION_COLUMNS + " FROM decisions WHERE inspection_id",
                    " ORDER BY id", Rows::decision, d -> d.inspectionId().value())) {
                histories.computeIfAbsent(d.inspectionId().value(), k -> new ArrayList<>()).add(d);
            }
            Map<Long, Map<ExplanationId, MachineAnswer>> answers = new HashMap<>();
            for (Shown s : of.read(c, "SELECT id, inspection_id, status, anomaly_class, severity, model, "
                    + "profile_name, profile_version FROM explanations WHERE inspection_id", "", rs -> new Shown(
                    rs.getLong("inspection_id"), new MachineAnswer(new ExplanationId(rs.getLong("id")),
                            ExplanationStatus.valueOf(rs.getString("status")),
                            Optional.ofNullable(rs.getString("anomaly_class")),
                            Optional.ofNullable(rs.getString("severity")).map(Severity::valueOf),
                            rs.getString("model"), rs.getString("profile_name"), rs.getInt("profile_version"))),
                    Shown::inspectionId)) {
                answers.computeIfAbsent(s.inspectionId(), k -> new LinkedHashMap<>()).put(s.answer().id(), s.answer());
            }
            return of.read(c, "SELECT id, captured_at, station, recipe_name, recipe_version, score, threshold "
                    + "FROM inspections WHERE id", " ORDER BY id DESC", rs -> {
                long id = rs.getLong("id");
                return new ReviewedInspection(new InspectionId(id), Rows.time(rs, "captured_at"), rs.getString("station"),
                        rs.getString("recipe_name"), rs.getInt("recipe_version"), rs.getDouble("score"),
                        rs.getDouble("threshold"), histories.getOrDefault(id, List.of()), answers.getOrDefault(id, Map.of()));
            }, i -> i.id().value());
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("read the decision log from", e, database.describe()), e);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot read the decision log from " + database.describe() + ": a stored row "
                    + "holds an invalid value (" + e.getMessage() + "). Run kensa audit verify to find it.", e);
        }
    }

    /**
     * The inspections with a decision in the range, those decided most recently first, at most {@code limit}: read
     * down the decision-time index until enough.
     */
    private static List<Long> decidedInspections(Connection c, String decided, Binder range, int limit) throws SQLException {
        // a database may read a whole result before the first row comes back: ask for a few decisions per inspection,
        // and for more only when redecided inspections used them up
        for (long rows = Math.min((long) limit * 4, Integer.MAX_VALUE); ; rows = Math.min(rows * 16, Integer.MAX_VALUE)) {
            LinkedHashSet<Long> ids = new LinkedHashSet<>();
            long read = 0;
            try (PreparedStatement ps = c.prepareStatement(decided + " ORDER BY d.decided_at DESC"
                    + (rows < Integer.MAX_VALUE ? " LIMIT " + rows : ""))) {
                range.bind(ps);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (ids.size() < limit && rs.next()) {
                        ids.add(rs.getLong(1));
                        read++;
                    }
                }
            }
            if (ids.size() >= limit || read < rows || rows == Integer.MAX_VALUE) {
                return List.copyOf(ids);
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Which inspections a read covers. A page is a short {@code IN} list; a large set is read as the id range it spans
     * (inspections of a date range are nearly contiguous ids) and the rows outside the set are dropped, one index
     * range scan per table instead of thousands of id lists.
     */
    private record Selection(String where, Binder binder, Set<Long> ids) {
        static Selection of(List<Long> ids) {
            if (ids.size() <= CHUNK) {
                String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
                return new Selection(" IN (" + marks + ")", ps -> {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 1, ids.get(i));
                    }
                }, Set.copyOf(ids));
            }
            long low = Collections.min(ids);
            long high = Collections.max(ids);
            return new Selection(" BETWEEN ? AND ?", ps -> {
                ps.setLong(1, low);
                ps.setLong(2, high);
            }, new HashSet<>(ids));
        }

        /** @param idColumn the inspection id column of {@code select}'s rows, as read by {@code idOf} */
        <T> List<T> read(Connection c, String select, String order, Rows.RowMapper<T> mapper,
                         java.util.function.ToLongFunction<T> idOf) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(select + where + order)) {
                binder.bind(ps);
                ps.setFetchSize(1000);
                List<T> rows = Rows.list(ps, mapper);
                rows.removeIf(row -> !ids.contains(idOf.applyAsLong(row)));
                return rows;
            }
        }
    }

    /**
     * The standing decisions made in {@code [from, to)}, newest first, optionally of one recipe: what the supervisor
     * reviews, every figure of the range from one index range scan of {@code standing_decisions} (V009). Each case's
     * inspection carries only its standing decision as history; {@link #decidedBetween} reads the whole history.
     */
    public List<ReviewCase> standingDecidedBetween(Instant from, Instant to, Optional<String> recipe)
            throws StoreException {
        return standingDecidedBetween(from, to, recipe, Integer.MAX_VALUE);
    }

    /** As above, only the newest {@code limit} of them: the table's first page, before the whole range is read. */
    public List<ReviewCase> standingDecidedBetween(Instant from, Instant to, Optional<String> recipe, int limit)
            throws StoreException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("review range " + from + " .. " + to + " is empty");
        }
        String select = "SELECT inspection_id, decision_id AS id, kind, final_class, severity, note, operator_id, "
                + "operator_name, operator_role, station, decided_at, explanation_id, CAST(NULL AS BIGINT) AS undoes_id, "
                + "captured_at, inspection_station, recipe_name, recipe_version, score, threshold, explanation_status, "
                + "explanation_class, explanation_severity, explanation_model, profile_name, profile_version "
                + "FROM standing_decisions WHERE decided_at >= ? AND decided_at < ?"
                + (recipe.isPresent() ? " AND recipe_name = ?" : "") + " ORDER BY decided_at DESC, decision_id DESC"
                + (limit == Integer.MAX_VALUE ? "" : " FETCH FIRST " + limit + " ROWS ONLY");
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(select)) {
            Rows.setTime(ps, 1, from);
            Rows.setTime(ps, 2, to);
            if (recipe.isPresent()) {
                ps.setString(3, recipe.get());
            }
            ps.setFetchSize(1000);
            return Rows.list(ps, ReviewQueries::standingCase);
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain("read the decision log from", e, database.describe()), e);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot read the decision log from " + database.describe() + ": a stored row "
                    + "holds an invalid value (" + e.getMessage() + "). Run kensa audit verify to find it.", e);
        }
    }

    private static ReviewCase standingCase(ResultSet rs) throws SQLException {
        Decision decision = Rows.decision(rs);
        Map<ExplanationId, MachineAnswer> answers = new HashMap<>();
        String status = rs.getString("explanation_status");
        if (status != null) {
            ExplanationId shown = decision.shownExplanation().orElseThrow();
            answers.put(shown, new MachineAnswer(shown, ExplanationStatus.valueOf(status),
                    Optional.ofNullable(rs.getString("explanation_class")),
                    Optional.ofNullable(rs.getString("explanation_severity")).map(Severity::valueOf),
                    rs.getString("explanation_model"), rs.getString("profile_name"), rs.getInt("profile_version")));
        }
        ReviewedInspection inspection = new ReviewedInspection(decision.inspectionId(), Rows.time(rs, "captured_at"),
                rs.getString("inspection_station"), rs.getString("recipe_name"), rs.getInt("recipe_version"),
                rs.getDouble("score"), rs.getDouble("threshold"), List.of(decision), answers);
        return new ReviewCase(inspection, decision, decision.shownExplanation().map(answers::get));
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

    private record Shown(long inspectionId, MachineAnswer answer) {}

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
