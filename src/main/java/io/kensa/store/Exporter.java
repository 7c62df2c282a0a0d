package io.kensa.store;

import io.kensa.llm.Explanation;
import io.kensa.model.ClassPrediction;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.model.ExplanationId;
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.util.Csv;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/**
 * Exports inspections captured in a time range, with their explanations and decisions, as CSV and/or JSON into a
 * self-contained folder for QA: optionally the images and grey anomaly maps, a README explaining every file and a
 * manifest with sha256 of each file and the audit trail's state at export time. The folder is built under a
 * {@code .partial} name and renamed when complete; a cancelled or failed export leaves nothing behind.
 *
 * <p>Each image is hashed as it is copied: one that no longer matches its recorded sha256 is exported as found under
 * another name, and one that is missing (e.g. another station's, in a plant-wide database) is left out; both are
 * listed in the README, the manifest and {@link Summary#imageWarning()}, and the export completes.
 */
public final class Exporter {
    public enum Format { CSV, JSON }

    /** Progress per inspection written. */
    public interface Progress {
        void report(long done, long total);
    }

    /** @param to exclusive */
    public record Request(Instant from, Instant to, Set<Format> formats, Path folder, boolean withImages) {
        public Request {
            formats = Set.copyOf(formats);
            if (formats.isEmpty()) {
                throw new IllegalArgumentException("choose at least one export format (csv, json)");
            }
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("export range " + from + " .. " + to + " is empty");
            }
        }
    }

    /**
     * @param images         image files exported (changed ones included)
     * @param missingImages  images left out: missing or unreadable
     * @param changedImages  images exported whose bytes no longer match their recorded sha256
     * @param imageProblems  one line per missing or changed image
     */
    public record Summary(Path folder, long inspections, long explanations, long decisions, long images,
                          long missingImages, long changedImages, List<String> imageProblems, VerifyResult audit) {
        public Summary {
            imageProblems = List.copyOf(imageProblems);
        }

        /** A line for the summary, empty when every image checked out. */
        public Optional<String> imageWarning() {
            if (missingImages == 0 && changedImages == 0) {
                return Optional.empty();
            }
            return Optional.of(missingImages + " image file(s) missing and " + changedImages + " changed after they "
                    + "were stored (listed in README.md and manifest.json)");
        }

        Summary in(Path target) {
            return new Summary(target, inspections, explanations, decisions, images, missingImages, changedImages,
                    imageProblems, audit);
        }
    }

    private static final int PAGE = 200;
    private final InspectionStore store;

    public Exporter(InspectionStore store) {
        this.store = store;
    }

    /**
     * Runs the export for {@code by}, whose role must hold {@link Permission#EXPORT} (records leave the station);
     * throws {@link CancellationException} (leaving nothing behind) when {@code cancelled} turns true.
     *
     * @throws io.kensa.model.PermissionDeniedException when {@code by} may not export; nothing is written then
     */
    public Summary export(Operator by, Request request, Progress progress, BooleanSupplier cancelled)
            throws StoreException {
        Permission.EXPORT.require(by);
        Path target = request.folder().toAbsolutePath().normalize();
        try {
            if (Files.exists(target) && (!Files.isDirectory(target) || hasEntries(target))) {
                throw new StoreException("The export folder " + target + " already exists and is not empty. "
                        + "Choose a new folder name.");
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Folders.deleteTree(partial);
            Files.createDirectories(partial);
            try {
                Summary summary;
                try (InspectionStore.Reader reader = store.reader()) {
                    summary = new Run(request, partial, reader).write(progress, cancelled);
                }
                Files.deleteIfExists(target); // an empty folder the user made for us
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                return summary.in(target);
            } catch (StoreException | IOException | RuntimeException e) {
                Folders.deleteTree(partial);
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException(StoreErrors.explain("write the export folder " + target, e), e);
        }
    }

    /** One export: its folder, its read connection and what it found about the images. */
    private final class Run {
        private final Request request;
        private final Path dir;
        private final InspectionStore.Reader reader;
        /** Exported file per image sha256 ({@code ""} when it could not be exported). */
        private final Map<String, String> imageFiles = new HashMap<>();
        private final List<Map<String, Object>> problems = new ArrayList<>();
        private long missing;
        private long changed;

        Run(Request request, Path dir, InspectionStore.Reader reader) {
            this.request = request;
            this.dir = dir;
            this.reader = reader;
        }

        Summary write(Progress progress, BooleanSupplier cancelled) throws StoreException, IOException {
            VerifyResult audit = store.auditTrail().verify();
            long total = store.countInspections(request.from(), request.to());
            boolean csv = request.formats().contains(Format.CSV);
            boolean json = request.formats().contains(Format.JSON);
            if (request.withImages()) {
                Files.createDirectories(dir.resolve("images"));
                Files.createDirectories(dir.resolve("maps"));
            }
            long inspections = 0;
            long explanations = 0;
            long decisions = 0;
            try (Writer inspectionsCsv = csv ? writer(dir.resolve("inspections.csv")) : Writer.nullWriter();
                 Writer explanationsCsv = csv ? writer(dir.resolve("explanations.csv")) : Writer.nullWriter();
                 Writer decisionsCsv = csv ? writer(dir.resolve("decisions.csv")) : Writer.nullWriter();
                 Writer inspectionsJson = json ? writer(dir.resolve("inspections.json")) : Writer.nullWriter()) {
                inspectionsCsv.write(Csv.line(INSPECTION_HEADER));
                explanationsCsv.write(Csv.line(EXPLANATION_HEADER));
                decisionsCsv.write(Csv.line(DECISION_HEADER));
                inspectionsJson.write("[\n");
                long after = 0;
                progress.report(0, total);
                while (true) {
                    List<StoredInspection> page = reader.inspections(request.from(), request.to(), after, PAGE);
                    for (StoredInspection s : page) {
                        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                            throw new CancellationException("export cancelled after " + inspections + " of " + total
                                    + " inspections; nothing was kept");
                        }
                        List<StoredExplanation> ex = reader.explanations(s.id());
                        List<Decision> ds = reader.decisions(s.id());
                        String imageFile = "";
                        String mapFile = "";
                        if (request.withImages()) {
                            imageFile = copyImage(s);
                            mapFile = "maps/inspection-" + s.id().value() + ".png";
                            writeMap(s, dir.resolve(mapFile));
                        }
                        Map<String, Object> row = inspectionRow(s, imageFile, mapFile, Decision.standing(ds));
                        inspectionsCsv.write(Csv.line(new ArrayList<>(row.values())));
                        List<Map<String, Object>> exRows = new ArrayList<>();
                        for (StoredExplanation e : ex) {
                            Map<String, Object> r = explanationRow(e);
                            explanationsCsv.write(Csv.line(new ArrayList<>(r.values())));
                            exRows.add(r);
                        }
                        Set<DecisionId> undone = new HashSet<>();
                        ds.forEach(d -> d.undoes().ifPresent(undone::add));
                        List<Map<String, Object>> dRows = new ArrayList<>();
                        for (Decision d : ds) {
                            Map<String, Object> r = decisionRow(d, undone.contains(d.id()));
                            decisionsCsv.write(Csv.line(new ArrayList<>(r.values())));
                            dRows.add(r);
                        }
                        Map<String, Object> nested = new LinkedHashMap<>(row);
                        nested.put("explanations", exRows);
                        nested.put("decisions", dRows);
                        inspectionsJson.write((inspections == 0 ? "" : ",\n") + Tabular.json(nested));
                        inspections++;
                        explanations += ex.size();
                        decisions += ds.size();
                        after = s.id().value();
                        progress.report(inspections, total);
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                }
                inspectionsJson.write("\n]\n");
            }
            long images = imageFiles.values().stream().filter(f -> !f.isEmpty()).count();
            List<String> lines = problems.stream().map(p -> String.valueOf(p.get("problem"))).toList();
            Files.writeString(dir.resolve("README.md"), readme(request, audit, lines), StandardCharsets.UTF_8);
            writeManifest(dir, request, audit, inspections, explanations, decisions, images, problems);
            return new Summary(dir, inspections, explanations, decisions, images, missing, changed, lines, audit);
        }

        /**
         * Copies the inspection's image (once per sha256), hashing the bytes copied; returns its path in the export,
         * {@code ""} when it is missing. A changed file is exported as found under {@code <sha256>.CHANGED.png}.
         */
        private String copyImage(StoredInspection s) throws IOException {
            String sha = s.imageSha256();
            String known = imageFiles.get(sha);
            if (known != null) {
                return known;
            }
            if (!sha.matches("[0-9a-f]{64}")) { // a tampered row must not name a path outside the export
                return leftOut(s, "inspection " + s.id().value() + " (station " + s.station() + "): its recorded image"
                        + " sha256 '" + sha + "' is not 64 hex characters (the record was altered); image not exported."
                        + " Run 'kensa audit verify' to find what else changed");
            }
            Path source = store.imageFile(s);
            String where = "inspection " + s.id().value() + " (station " + s.station() + "): image " + source;
            // hashed while it is copied: a large image is never held in memory whole
            Path part = dir.resolve("images/" + sha + ".png.part");
            java.security.MessageDigest digest = io.kensa.util.Hashes.sha256();
            try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(source), digest)) {
                Files.copy(in, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(part);
                return leftOut(s, where + " is missing (an image recorded at another station stays in that "
                        + "station's data folder)");
            } catch (IOException e) {
                Files.deleteIfExists(part);
                return leftOut(s, where + " cannot be read (" + e.getMessage() + ")");
            }
            String actual = io.kensa.util.Hashes.hex(digest);
            String file = "images/" + sha + ".png";
            if (!actual.equals(sha)) {
                file = "images/" + sha + ".CHANGED.png";
                changed++;
                problem(s, file, where + " was changed after it was stored: its sha256 is now " + actual
                        + "; exported as found as " + file);
            }
            Files.move(part, dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            imageFiles.put(sha, file);
            return file;
        }

        private String leftOut(StoredInspection s, String problem) {
            missing++;
            problem(s, "", problem);
            imageFiles.put(s.imageSha256(), "");
            return "";
        }

        private void problem(StoredInspection s, String file, String text) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("inspection_id", s.id().value());
            p.put("image_sha256", s.imageSha256());
            p.put("exported_as", file);
            p.put("problem", text);
            problems.add(p);
        }

        private void writeMap(StoredInspection s, Path file) throws StoreException, IOException {
            byte[] bytes = reader.mapBytes(s.id());
            BufferedImage grey = new BufferedImage(s.mapWidth(), s.mapHeight(), BufferedImage.TYPE_BYTE_GRAY);
            byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
            System.arraycopy(bytes, 0, pixels, 0, bytes.length);
            ImageIO.write(grey, "png", file.toFile());
        }
    }

    static final List<String> INSPECTION_HEADER = List.of("inspection_id", "captured_at", "recorded_at", "station",
            "recipe_name", "recipe_version", "source", "origin", "frame_sequence", "image_sha256", "image_file",
            "image_width", "image_height", "score", "threshold", "anomalous", "regions", "region_count", "device", "backbone_ms",
            "nearest_neighbour_ms", "map_ms", "map_width", "map_height", "map_low", "map_high", "map_file",
            "machine_class", "machine_class_probability", "classifier", "standing_action", "standing_class", "standing_severity", "standing_operator_id", "standing_decision_id");

    private Map<String, Object> inspectionRow(StoredInspection s, String imageFile, String mapFile,
                                              Optional<Decision> standing) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("inspection_id", s.id().value());
        r.put("captured_at", s.capturedAt().toString());
        r.put("recorded_at", s.recordedAt().toString());
        r.put("station", s.station());
        r.put("recipe_name", s.recipeName());
        r.put("recipe_version", s.recipeVersion());
        r.put("source", s.source());
        r.put("origin", s.origin());
        r.put("frame_sequence", s.frameSequence());
        r.put("image_sha256", s.imageSha256());
        r.put("image_file", imageFile);
        r.put("image_width", s.imageWidth());
        r.put("image_height", s.imageHeight());
        r.put("score", s.score());
        r.put("threshold", s.threshold());
        r.put("anomalous", s.anomalous());
        r.put("regions", Rows.regions(s.regions(), s.regionCount()));
        r.put("region_count", s.regionCount());
        r.put("device", s.device());
        r.put("backbone_ms", s.timings().backboneMs());
        r.put("nearest_neighbour_ms", s.timings().nearestNeighbourMs());
        r.put("map_ms", s.timings().mapMs());
        r.put("map_width", s.mapWidth());
        r.put("map_height", s.mapHeight());
        r.put("map_low", s.mapLow());
        r.put("map_high", s.mapHigh());
        r.put("map_file", mapFile);
        r.put("machine_class", s.classification().map(ClassPrediction::className));
        r.put("machine_class_probability", s.classification().map(ClassPrediction::probability));
        r.put("classifier", s.classification().map(ClassPrediction::classifier));
        r.put("standing_action", standing.map(d -> d.action().name().toLowerCase(Locale.ROOT)));
        r.put("standing_class", standing.map(Decision::finalClass));
        r.put("standing_severity", standing.map(d -> d.severity().wire()));
        r.put("standing_operator_id", standing.map(d -> d.operator().id()));
        r.put("standing_decision_id", standing.map(d -> d.id().value()));
        return r;
    }

    static final List<String> EXPLANATION_HEADER = List.of("explanation_id", "inspection_id", "recorded_at", "status",
            "explainer", "model", "endpoint", "profile_name", "profile_version", "anomaly_class", "severity",
            "confidence", "rationale", "evidence", "latency_ms", "prompt_tokens", "completion_tokens", "from_cache",
            "created_at", "request_summary", "raw_response");

    private static Map<String, Object> explanationRow(StoredExplanation s) {
        Explanation e = s.explanation();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("explanation_id", s.id().value());
        r.put("inspection_id", s.inspectionId().value());
        r.put("recorded_at", s.recordedAt().toString());
        r.put("status", e.status().name().toLowerCase(Locale.ROOT));
        r.put("explainer", e.explainer());
        r.put("model", e.model());
        r.put("endpoint", e.endpoint());
        r.put("profile_name", e.profileName());
        r.put("profile_version", e.profileVersion());
        r.put("anomaly_class", e.anomalyClass());
        r.put("severity", e.severity().map(v -> v.wire()));
        r.put("confidence", e.confidence());
        r.put("rationale", e.rationale());
        r.put("evidence", e.evidence());
        r.put("latency_ms", e.latencyMs());
        r.put("prompt_tokens", e.promptTokens());
        r.put("completion_tokens", e.completionTokens());
        r.put("from_cache", e.fromCache());
        r.put("created_at", e.createdAt().toString());
        r.put("request_summary", e.requestSummary());
        r.put("raw_response", e.rawResponse());
        return r;
    }

    static final List<String> DECISION_HEADER = List.of("decision_id", "inspection_id", "action", "final_class",
            "severity", "comment", "operator_id", "operator_name", "operator_role", "station", "decided_at",
            "shown_explanation_id", "undoes_decision_id", "undone");

    private static Map<String, Object> decisionRow(Decision d, boolean undone) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("decision_id", d.id().value());
        r.put("inspection_id", d.inspectionId().value());
        r.put("action", d.action().name().toLowerCase(Locale.ROOT));
        r.put("final_class", d.finalClass());
        r.put("severity", d.severity().wire());
        r.put("comment", d.comment());
        r.put("operator_id", d.operator().id());
        r.put("operator_name", d.operator().name());
        r.put("operator_role", d.operator().role().wire());
        r.put("station", d.station());
        r.put("decided_at", d.decidedAt().toString());
        r.put("shown_explanation_id", d.shownExplanation().map(ExplanationId::value));
        r.put("undoes_decision_id", d.undoes().map(DecisionId::value));
        r.put("undone", undone);
        return r;
    }

    /** At most this many image problems are listed in the README; the manifest lists all of them. */
    private static final int README_PROBLEMS = 100;

    private static String readme(Request request, VerifyResult audit, List<String> imageProblems) {
        StringBuilder problems = new StringBuilder();
        if (!imageProblems.isEmpty()) {
            problems.append("\n## Image problems\n").append(imageProblems.size()).append(" image(s) did not check out "
                    + "when exported (all of them in `manifest.json`, `image_problems`):\n");
            imageProblems.stream().limit(README_PROBLEMS).forEach(p -> problems.append("- ").append(p).append('\n'));
            if (imageProblems.size() > README_PROBLEMS) {
                problems.append("- … and ").append(imageProblems.size() - README_PROBLEMS).append(" more\n");
            }
        }
        return """
                # Kensa export

                Inspections captured from %s (inclusive) to %s (exclusive), UTC, with their explanations and the
                inspectors' decisions. Written by Kensa on %s.

                Audit trail at export time: %s (%d events checked; head %s).

                ## Files
                - `inspections.csv` / `inspections.json`: one row per inspection (the JSON nests `explanations` and
                  `decisions`). `standing_*` columns give the decision that stands (newest accept/override not undone).
                - `explanations.csv`: every explanation attempt, including failures (`status`), with the model,
                  endpoint (never a key), prompt profile version, request summary and raw response.
                - `decisions.csv`: every decision row. An undo is its own row (`action` = undo, `undoes_decision_id`);
                  `undone` = true marks decisions withdrawn later. Rows are never edited.
                - `images/<sha256>.png`: the inspected frames, lossless, named by the sha256 of the file
                  (`image_file` column). Present only when exported with images. Each was hashed when copied: a file
                  that no longer matches its recorded sha256 is exported as found as `<sha256>.CHANGED.png`, a missing
                  one is left out (empty `image_file`); both are listed under "Image problems" below.
                - `maps/inspection-<id>.png`: the anomaly map as 8-bit grey: score = map_low + grey * (map_high -
                  map_low) / 255 (columns `map_low`, `map_high`); the detector's threshold is `threshold`.
                - `manifest.json`: counts, the audit result and the sha256 of every file here.

                Times are ISO-8601 UTC. Scores are in the detector's raw units (`anomalous` = score > threshold).
                `regions` lists the largest 200 regions as `x,y,w,h,area,peak` separated by `;`; when the detector
                found more, a last item `+N` counts the others (`region_count` is the total).
                """.formatted(request.from(), request.to(), Instant.now(), audit.ok() ? "verified" : "BROKEN: " + audit.reason(),
                audit.checkedCount(), audit.head()) + problems;
    }

    private static void writeManifest(Path dir, Request request, VerifyResult audit, long inspections,
                                      long explanations, long decisions, long images,
                                      List<Map<String, Object>> imageProblems) throws IOException {
        Map<String, Object> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    files.put(dir.relativize(p).toString().replace('\\', '/'), Hashes.sha256Hex(in.readAllBytes()));
                }
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "kensa-export-1");
        manifest.put("exported_at", Instant.now().toString());
        manifest.put("from", request.from().toString());
        manifest.put("to", request.to().toString());
        manifest.put("formats", request.formats().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
        manifest.put("inspections", inspections);
        manifest.put("explanations", explanations);
        manifest.put("decisions", decisions);
        manifest.put("images", images);
        manifest.put("image_problems", imageProblems);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("ok", audit.ok());
        a.put("checked_events", audit.checkedCount());
        a.put("reason", audit.reason());
        a.put("head", audit.head());
        a.put("head_hash", audit.headHash());
        manifest.put("audit", a);
        manifest.put("sha256", files);
        Files.writeString(dir.resolve("manifest.json"), Tabular.json(manifest) + "\n", StandardCharsets.UTF_8);
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
