package io.kensa.inspect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.llm.Explainer;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The answers of a prompt measurement, kept on disk so a rerun, or a run killed halfway, answers the images it already
 * has without calling the endpoint again. One small JSON file per answer, named by the sha256 of its key: the image's
 * and mask's bytes, the profile's content (every section and reference image hash, so an edited draft with the same
 * version number does not hit), the explainer (model and endpoint, as it describes itself) and the part left out.
 * The image size and format sent are not in the key: after changing them, delete the folder to measure afresh.
 *
 * <p>Only answers the model gave are kept (a schema-valid answer or an off-schema one); timeouts, refusals, budget
 * and cancellations are asked again next time. A file is written beside its final name and moved into place, so an
 * interrupted run (Ctrl-C) leaves either the whole answer or none.
 */
public final class AnswerCache {
    /** The folder under the data folder that holds the answers. */
    public static final String FOLDER = "prompt-answers";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnswerCache NONE = new AnswerCache(Optional.empty());

    private final Optional<Path> folder;

    private AnswerCache(Optional<Path> folder) {
        this.folder = folder;
    }

    /** A cache that keeps nothing (every image is asked). */
    public static AnswerCache none() {
        return NONE;
    }

    /** The cache in {@code <data folder>/prompt-answers}. */
    public static AnswerCache in(Path dataFolder) {
        return new AnswerCache(Optional.of(dataFolder.resolve(FOLDER)));
    }

    /** One cached answer: what {@link PromptEvaluation.Outcome} needs besides the image and its truth. */
    record Entry(String answer, ExplanationStatus status, Optional<Severity> severity, long latencyMs, int promptTokens,
                 int completionTokens) {}

    /**
     * The key of one image's answer under one profile and ablation. {@code imageSha256} identifies the pixels the
     * request is built from (image and mask).
     */
    static String key(String imageSha256, LoadedProfile profile, Explainer explainer, Optional<PromptPart> leftOut) {
        StringBuilder k = new StringBuilder(imageSha256).append('\n')
                .append(PromptProfiles.toJson(profile.document())).append('\n')
                .append(new TreeMap<>(profile.document().referenceSha256())).append('\n');
        for (BufferedImage ref : profile.references()) {
            k.append(ref.getWidth()).append('x').append(ref.getHeight()).append(' ');
        }
        k.append('\n').append(explainer.describe()).append('\n')
                .append(leftOut.map(PromptPart::name).orElse("full"));
        return Hashes.sha256Hex(k.toString());
    }

    Optional<Entry> get(String key) {
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        Path file = folder.get().resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), CachedAnswer.class).entry());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable (hand-edited, other version): ask the endpoint again and overwrite it
        }
    }

    /** Keeps the answer when the model gave one; other outcomes are asked again next time. */
    void put(String key, Entry entry) throws PromptEvaluationException {
        if (folder.isEmpty() || !(entry.status() == ExplanationStatus.ANSWERED
                || entry.status() == ExplanationStatus.INVALID_ANSWER)) {
            return;
        }
        try {
            Files.createDirectories(folder.get());
            Path target = folder.get().resolve(key + ".json");
            Path partial = folder.get().resolve(key + ".json.partial");
            Files.writeString(partial, JSON.writeValueAsString(CachedAnswer.of(entry)));
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PromptEvaluationException("Cannot write the prompt answer cache in " + folder.get() + ": " + e.getMessage()
                    + ". Check the data folder is writable and has space.", e);
        }
    }

    /** One answer file: the entry with its status by name and its severity in the wire form ("" for none). */
    @JsonPropertyOrder({"answer", "status", "severity", "latencyMs", "promptTokens", "completionTokens"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record CachedAnswer(String answer, String status, String severity, long latencyMs, int promptTokens,
                                int completionTokens) {
        static CachedAnswer of(Entry e) {
            return new CachedAnswer(e.answer(), e.status().name(), e.severity().map(Severity::wire).orElse(""),
                    e.latencyMs(), e.promptTokens(), e.completionTokens());
        }

        /** Throws IllegalArgumentException for a file without a known status or severity. */
        Entry entry() {
            return new Entry(answer == null ? "" : answer, ExplanationStatus.valueOf(status == null ? "" : status),
                    severity == null || severity.isEmpty() ? Optional.empty() : Optional.of(Severity.fromWire(severity)),
                    latencyMs, promptTokens, completionTokens);
        }
    }
}
