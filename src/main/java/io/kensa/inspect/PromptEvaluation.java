package io.kensa.inspect;

import io.kensa.detect.Detection;
import io.kensa.detect.Progress;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.AnswerSchema;
import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.MaskDetections;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfile;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import io.kensa.review.ConfusionMatrix;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import io.kensa.util.Percentiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Measures a prompt profile on a labelled set in MVTec AD layout ({@code test/<class>/} images,
 * {@code ground_truth/<class>/<name>_mask.png} masks), with the numbers VELM reports: per-class precision and recall,
 * macro accuracy, macro F1 and Cohen's kappa, plus invalid answers, tokens and latency.
 *
 * <p>Each image's anomaly map is its <b>ground-truth mask</b> ({@link MaskDetections#fromMask}), not the detector's
 * map. That is VELM's "oracle mask" setting: it measures the explainer and the profile alone, so a change in the
 * numbers after a prompt edit is caused by the prompt, not by the detector. With a real detector expect lower numbers
 * (VELM on MVTec-AC: 87.8 % with the oracle mask, 84.0 % with DDAD).
 *
 * <p>Definitions: <i>macro accuracy</i> is the mean over true classes of the share of that class answered correctly
 * (balanced accuracy); <i>macro F1</i> is the mean F1 over the true classes; <i>kappa</i> is Cohen's kappa of the
 * confusion matrix, where an attempt without a valid answer counts as its own (always wrong) answer
 * {@value #NO_ANSWER}, and a valid answer naming no class as {@value #NO_CLASS}. The <i>three-class accuracy</i>
 * (VELM's normal / minor / defect) maps each class to a group: {@value #NORMAL} to normal, each anomaly class to its
 * usual severity in the profile's AD table (minor or defect; a class whose usual severity is normal joins normal);
 * it is the share of images whose answered class falls in the same group as their true class. An image without a
 * valid class ({@value #NO_ANSWER}, {@value #NO_CLASS}) is never right.
 *
 * <p>A run can leave one prompt part out ({@link PromptPart}, an ablation) and keeps every answer in an
 * {@link AnswerCache}, so a rerun or a resumed run asks only the images it has no answer for.
 */
public final class PromptEvaluation {
    /** Truth label of {@code test/good/} images and the answer "no anomaly". */
    public static final String NORMAL = AnswerSchema.NORMAL_CLASS;
    /** Answer column of attempts without a valid answer (off-schema JSON, timeout, refusal, …). */
    public static final String NO_ANSWER = "(no answer)";
    /** Answer column of valid answers that name no class (the offline rules matched nothing). */
    public static final String NO_CLASS = "(no class)";
    private static final String GOOD_FOLDER = "good";

    private PromptEvaluation() {}

    /**
     * One labelled image. Its outline comes from the recorded {@code detection} when there is one (an image of the
     * decision log, {@link LogSamples}), else from its ground-truth {@code mask}, which is empty only for
     * {@code test/good/} images (nothing outlined).
     */
    public record Sample(Path image, String truth, Optional<Path> mask, Optional<Detection> detection) {
        /** An image of a labelled folder, outlined by its ground-truth mask. */
        public Sample(Path image, String truth, Optional<Path> mask) {
            this(image, truth, mask, Optional.empty());
        }
    }

    /**
     * What the explainer answered for one image.
     *
     * @param expectedSeverity  the true class's group (its usual severity; normal for {@value #NORMAL})
     * @param answerGroup       the answered class's group, empty without a valid class
     * @param severity          the severity the explainer answered
     */
    public record Outcome(Path image, String truth, String answer, ExplanationStatus status, Severity expectedSeverity,
                          Optional<Severity> answerGroup, Optional<Severity> severity, long latencyMs, int promptTokens,
                          int completionTokens, boolean fromCache) {
        public boolean correct() {
            return truth.equals(answer);
        }
    }

    /** Scores of one true class: {@code answered} is how often the explainer gave this class, right or wrong. */
    public record ClassScore(String name, int support, int answered, int correct, double precision, double recall,
                             double f1) {}

    /** Rows are true classes, columns the answers given (true classes first, then any others). */
    public record Confusion(List<String> truths, List<String> answers, List<List<Integer>> counts) {
        public Confusion {
            truths = List.copyOf(truths);
            answers = List.copyOf(answers);
            counts = counts.stream().map(List::copyOf).toList();
        }

        public int count(String truth, String answer) {
            int row = truths.indexOf(truth);
            int column = answers.indexOf(answer);
            return row < 0 || column < 0 ? 0 : counts.get(row).get(column);
        }

        public int total() {
            return counts.stream().flatMap(List::stream).mapToInt(Integer::intValue).sum();
        }

        /** The matrix as a table: a header of answers, then one row per truth. */
        public String toText() {
            int width = Math.max(14, truths.stream().mapToInt(String::length).max().orElse(0) + 2);
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", ""));
            for (String a : answers) {
                s.append(String.format(Locale.ROOT, " %" + Math.max(6, a.length()) + "s", a));
            }
            s.append('\n');
            for (String t : truths) {
                s.append(String.format(Locale.ROOT, "%-" + width + "s", t));
                for (String a : answers) {
                    s.append(String.format(Locale.ROOT, " %" + Math.max(6, a.length()) + "d", count(t, a)));
                }
                s.append('\n');
            }
            return s.toString();
        }
    }

    /**
     * @param leftOut            the prompt part this run left out (an ablation); empty for the whole profile
     * @param accuracy           share of all images answered with their true class (micro accuracy)
     * @param kappa              empty when it is undefined (no images, or every truth and answer in one class)
     * @param threeClassAccuracy share of images whose answered class is in their true class's normal/minor/defect group
     * @param severityAgreement  share of images whose severity equals the true class's default severity
     *                           ({@code normal} for good images)
     * @param invalidAnswers     answers that came back but did not fit the schema ({@code INVALID_ANSWER})
     * @param failures           other attempts without an answer (timeout, refused, unreachable, …)
     */
    public record Report(String profileName, int profileVersion, Optional<PromptPart> leftOut, String explainer, int images,
                         List<ClassScore> classes, Confusion confusion, double accuracy, double macroAccuracy, double macroF1,
                         OptionalDouble kappa, double threeClassAccuracy, double severityAgreement, int invalidAnswers, int failures, int cacheHits, long promptTokens,
                         long completionTokens, long latencyMeanMs, long latencyP50Ms, long latencyP95Ms,
                         double wallSeconds, List<Outcome> outcomes) {
        public Report {
            classes = List.copyOf(classes);
            outcomes = List.copyOf(outcomes);
        }

        /** The report as a person reads it: summary, per-class table, confusion matrix. */
        public String toText() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "profile           %s %s%s, explainer %s%n", profileName,
                    profileVersion == 0 ? "(unsaved draft)" : "v" + profileVersion,
                    leftOut.map(p -> " without " + p.name() + " (" + p.label() + ")").orElse(""), explainer));
            s.append(String.format(Locale.ROOT, "images            %d in %d classes (anomaly maps = ground-truth masks)%n",
                    images, classes.size()));
            s.append(String.format(Locale.ROOT, "macro accuracy    %.4f   (accuracy %.4f)%n", macroAccuracy, accuracy));
            s.append(String.format(Locale.ROOT, "macro F1          %.4f%n", macroF1));
            s.append(String.format(Locale.ROOT, "Cohen's kappa     %s%n", kappa.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.4f", kappa.getAsDouble())));
            s.append(String.format(Locale.ROOT, "3-class accuracy  %.4f   (normal / minor / defect by the classes' usual severity)%n",
                    threeClassAccuracy));
            s.append(String.format(Locale.ROOT, "severity agrees   %.4f%n", severityAgreement));
            s.append(String.format(Locale.ROOT, "answers           %d valid, %d invalid, %d failed, %d from cache%n",
                    images - invalidAnswers - failures, invalidAnswers, failures, cacheHits));
            s.append(String.format(Locale.ROOT, "tokens            %d prompt + %d completion%n", promptTokens, completionTokens));
            s.append(String.format(Locale.ROOT, "latency           mean %d ms, p50 %d ms, p95 %d ms; %.1f s in all%n",
                    latencyMeanMs, latencyP50Ms, latencyP95Ms, wallSeconds));
            int width = Math.max(14, classes.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 2);
            s.append(String.format(Locale.ROOT, "%n%-" + width + "s %6s %8s %8s %9s %7s %6s%n", "class", "images", "answered",
                    "correct", "precision", "recall", "F1"));
            for (ClassScore c : classes) {
                s.append(String.format(Locale.ROOT, "%-" + width + "s %6d %8d %8d %9.3f %7.3f %6.3f%n", c.name(), c.support(),
                        c.answered(), c.correct(), c.precision(), c.recall(), c.f1()));
            }
            s.append(String.format(Locale.ROOT, "%nconfusion (rows: truth, columns: answer)%n")).append(confusion.toText());
            return s.toString();
        }

        /** The report as one JSON object (numbers, per-class scores, confusion matrix and every image's answer). */
        public String toJson() {
            return PromptJson.write(PromptJson.Report.of(this));
        }
    }

    /**
     * The labelled images of an MVTec-layout folder: every {@code test/<class>/} image whose class is one of the
     * profile's anomaly classes, with its mask; {@code test/good/} as {@value #NORMAL} only when asked (with an empty
     * mask nothing is outlined, which tests whether the explainer then says normal).
     */
    public static List<Sample> samples(Path dataFolder, PromptProfile profile, boolean includeGood)
            throws PromptEvaluationException {
        Path test = dataFolder.resolve("test");
        if (!Files.isDirectory(test)) {
            throw new PromptEvaluationException("Folder " + dataFolder + " is not in MVTec AD layout: " + test
                    + " is missing (expected test/<class>/ images and ground_truth/<class>/<name>_mask.png masks).");
        }
        List<Sample> samples = new ArrayList<>();
        for (Path folder : list(test, Files::isDirectory)) {
            String name = folder.getFileName().toString();
            if (name.equals(GOOD_FOLDER)) {
                if (includeGood) {
                    list(folder, ImageFiles::isImageFile).forEach(p -> samples.add(new Sample(p, NORMAL, Optional.empty())));
                }
                continue;
            }
            if (!profile.classNames().contains(name)) {
                throw new PromptEvaluationException("Folder " + folder + " is not an anomaly class of profile '"
                        + profile.name() + "' (classes: " + String.join(", ", profile.classNames())
                        + "). Rename the folder to a class name, or add the class to the profile.");
            }
            for (Path image : list(folder, ImageFiles::isImageFile)) {
                String stem = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Path mask = dataFolder.resolve("ground_truth").resolve(name).resolve(stem + "_mask.png");
                if (!Files.isRegularFile(mask)) {
                    throw new PromptEvaluationException("Image " + image + " has no ground-truth mask " + mask
                            + ": the evaluation outlines the true defect region, so every defect image needs its mask.");
                }
                samples.add(new Sample(image, name, Optional.of(mask)));
            }
        }
        if (samples.isEmpty()) {
            throw new PromptEvaluationException("Folder " + test + " holds no images of the classes of profile '"
                    + profile.name() + "' (" + String.join(", ", profile.classNames()) + ").");
        }
        return samples;
    }

    /** The ground-truth mask of an image in MVTec layout ({@code test/<c>/N.png → ground_truth/<c>/N_mask.png}), if any. */
    public static Optional<Path> maskOf(Path image) {
        Path folder = image.toAbsolutePath().getParent();
        if (folder == null || folder.getParent() == null || folder.getParent().getParent() == null) {
            return Optional.empty();
        }
        String stem = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path mask = folder.getParent().getParent().resolve("ground_truth").resolve(folder.getFileName())
                .resolve(stem + "_mask.png");
        return Files.isRegularFile(mask) ? Optional.of(mask) : Optional.empty();
    }

    /**
     * Explains every sample with the whole profile, one after another, and scores the answers (nothing is cached).
     *
     * @throws CancellationException when {@code cancelled} turns true or the thread is interrupted; the running
     *                               explanation is cancelled too
     */
    public static Report run(Explainer explainer, LoadedProfile profile, List<Sample> samples, Progress progress,
                             BooleanSupplier cancelled) throws PromptEvaluationException {
        return run(explainer, profile, samples, Optional.empty(), AnswerCache.none(), progress, cancelled);
    }

    /**
     * Explains every sample with the profile, without {@code leftOut} when given, and scores the answers. Images the
     * cache has an answer for are not sent; every new answer the model gives is cached before the next image starts.
     *
     * @throws CancellationException when {@code cancelled} turns true or the thread is interrupted; the running
     *                               explanation is cancelled too, the answers so far stay cached
     */
    public static Report run(Explainer explainer, LoadedProfile profile, List<Sample> samples, Optional<PromptPart> leftOut,
                             AnswerCache cache, Progress progress, BooleanSupplier cancelled) throws PromptEvaluationException {
        long start = System.nanoTime();
        String run = leftOut.map(p -> " without " + p.name()).orElse("");
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            checkCancelled(cancelled);
            String where = sample.image().getParent().getFileName() + "/" + sample.image().getFileName();
            String key = AnswerCache.key(fingerprint(sample), profile, explainer, leftOut);
            Optional<AnswerCache.Entry> cached = cache.get(key);
            progress.update(i / (double) samples.size(), String.format(Locale.ROOT, "%s %d/%d%s: %s",
                    cached.isPresent() ? "cached" : "explaining", i + 1, samples.size(), run, where));
            AnswerCache.Entry entry;
            if (cached.isPresent()) {
                entry = cached.get();
            } else {
                BufferedImage image = read(sample.image(), "image");
                ExplainRequest request = new ExplainRequest(image, detection(sample, image), profile);
                Explanation e = await(explainer.explain(leftOut.map(request::without).orElse(request), soFar -> { }),
                        cancelled);
                entry = entry(e);
                cache.put(key, entry);
            }
            outcomes.add(outcome(sample, profile.profile(), entry, cached.isPresent()));
        }
        progress.update(1, "explained " + samples.size() + " images" + run);
        return score(profile.document().name(), profile.document().version(), leftOut, explainer.describe(), outcomes,
                (System.nanoTime() - start) / 1e9);
    }

    /** Scores a list of outcomes (the metrics, without running anything). */
    static Report score(String profileName, int profileVersion, Optional<PromptPart> leftOut, String explainer,
                        List<Outcome> outcomes, double wallSeconds) {
        LinkedHashSet<String> truthSet = new LinkedHashSet<>();
        outcomes.forEach(o -> truthSet.add(o.truth()));
        LinkedHashSet<String> answerSet = new LinkedHashSet<>(truthSet);
        outcomes.stream().map(Outcome::answer).filter(a -> !a.equals(NO_CLASS) && !a.equals(NO_ANSWER)).forEach(answerSet::add);
        outcomes.stream().map(Outcome::answer).filter(NO_CLASS::equals).findFirst().ifPresent(answerSet::add);
        outcomes.stream().map(Outcome::answer).filter(NO_ANSWER::equals).findFirst().ifPresent(answerSet::add);
        List<String> truths = List.copyOf(truthSet);
        List<String> answers = List.copyOf(answerSet);
        int[][] counts = new int[truths.size()][answers.size()];
        for (Outcome o : outcomes) {
            counts[truths.indexOf(o.truth())][answers.indexOf(o.answer())]++;
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : counts) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        Confusion confusion = new Confusion(truths, answers, rows);

        int n = outcomes.size();
        List<ClassScore> classes = new ArrayList<>();
        int correctAll = 0;
        for (int t = 0; t < truths.size(); t++) {
            int support = Arrays.stream(counts[t]).sum();
            int column = t; // true classes are the first columns, in the same order
            int answered = 0;
            for (int[] row : counts) {
                answered += row[column];
            }
            int correct = counts[t][column];
            correctAll += correct;
            double precision = answered == 0 ? 0 : correct / (double) answered;
            double recall = support == 0 ? 0 : correct / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.add(new ClassScore(truths.get(t), support, answered, correct, precision, recall, f1));
        }
        double accuracy = n == 0 ? 0 : correctAll / (double) n;
        double macroAccuracy = classes.stream().mapToDouble(ClassScore::recall).average().orElse(0);
        double macroF1 = classes.stream().mapToDouble(ClassScore::f1).average().orElse(0);
        // kappa over the square matrix of every label seen; rows of labels that are only answers stay zero
        long[][] square = new long[answers.size()][answers.size()];
        for (int t = 0; t < truths.size(); t++) {
            for (int a = 0; a < answers.size(); a++) {
                square[t][a] = counts[t][a];
            }
        }
        OptionalDouble kappa = new ConfusionMatrix(answers, square).kappa();
        double threeClassAccuracy = n == 0 ? 0 : outcomes.stream()
                .filter(o -> o.answerGroup().filter(g -> g == o.expectedSeverity()).isPresent()).count() / (double) n;
        double severityAgreement = n == 0 ? 0 : outcomes.stream()
                .filter(o -> o.severity().filter(s -> s == o.expectedSeverity()).isPresent()).count() / (double) n;
        int invalid = (int) outcomes.stream().filter(o -> o.status() == ExplanationStatus.INVALID_ANSWER).count();
        int failures = (int) outcomes.stream().filter(o -> o.answer().equals(NO_ANSWER)
                && o.status() != ExplanationStatus.INVALID_ANSWER).count();
        int cacheHits = (int) outcomes.stream().filter(Outcome::fromCache).count();
        long promptTokens = outcomes.stream().mapToLong(Outcome::promptTokens).sum();
        long completionTokens = outcomes.stream().mapToLong(Outcome::completionTokens).sum();
        long[] latencies = outcomes.stream().mapToLong(Outcome::latencyMs).sorted().toArray();
        long mean = Math.round(Arrays.stream(latencies).average().orElse(0));
        return new Report(profileName, profileVersion, leftOut, explainer, n, classes, confusion, accuracy, macroAccuracy,
                macroF1, kappa, threeClassAccuracy, severityAgreement, invalid, failures, cacheHits, promptTokens, completionTokens, mean,
                Percentiles.nearestRank(latencies, 0.5), Percentiles.nearestRank(latencies, 0.95), wallSeconds, outcomes);
    }

    static AnswerCache.Entry entry(Explanation e) {
        String answer = !e.hasAnswer() ? NO_ANSWER : e.anomalyClass().orElse(NO_CLASS);
        return new AnswerCache.Entry(answer, e.status(), e.hasAnswer() ? e.severity() : Optional.empty(), e.latencyMs(),
                e.promptTokens(), e.completionTokens());
    }

    static Outcome outcome(Sample sample, PromptProfile profile, AnswerCache.Entry e, boolean fromCache) {
        Optional<Severity> answerGroup = e.answer().equals(NO_ANSWER) || e.answer().equals(NO_CLASS) ? Optional.empty()
                : Optional.of(group(profile, e.answer()));
        return new Outcome(sample.image(), sample.truth(), e.answer(), e.status(), group(profile, sample.truth()),
                answerGroup, e.severity(), e.latencyMs(), e.promptTokens(), e.completionTokens(), fromCache);
    }

    /** A class's normal / minor / defect group: its usual severity in the AD table; {@value #NORMAL} is normal. */
    static Severity group(PromptProfile profile, String className) {
        return profile.anomalyClasses().stream().filter(c -> c.name().equals(className)).findFirst()
                .map(AnomalyClass::defaultSeverity).orElse(Severity.NORMAL);
    }

    private static Detection detection(Sample sample, BufferedImage image) throws PromptEvaluationException {
        if (sample.detection().isPresent()) {
            return sample.detection().get();
        }
        BufferedImage mask = sample.mask().isPresent() ? read(sample.mask().get(), "mask")
                : new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        return MaskDetections.fromMask(mask, image.getWidth(), image.getHeight());
    }

    /** The sha256 of what a request is built from: the image file and its mask file, or the recorded map. */
    private static String fingerprint(Sample sample) throws PromptEvaluationException {
        try {
            String image = Hashes.sha256Hex(sample.image());
            if (sample.detection().isPresent()) {
                Detection d = sample.detection().get();
                ByteBuffer map = ByteBuffer.allocate(4 * d.map().values().length);
                map.asFloatBuffer().put(d.map().values());
                return image + "+map " + Hashes.sha256Hex(map.array()) + " threshold " + d.threshold();
            }
            return sample.mask().isPresent() ? image + "+" + Hashes.sha256Hex(sample.mask().get()) : image;
        } catch (IOException e) {
            throw new PromptEvaluationException("Cannot read the image " + sample.image() + ": " + e.getMessage(), e);
        }
    }

    private static Explanation await(ExplanationTask task, BooleanSupplier cancelled) {
        try {
            while (true) {
                try {
                    return task.result().get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancelled.getAsBoolean()) {
                        task.cancel();
                        throw new CancellationException("prompt evaluation was cancelled");
                    }
                }
            }
        } catch (InterruptedException e) {
            task.cancel();
            Thread.currentThread().interrupt();
            throw new CancellationException("prompt evaluation was cancelled");
        } catch (ExecutionException e) {
            // the explainer completes every task with a record, never exceptionally
            throw new IllegalStateException("explainer failed without a record", e.getCause());
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("prompt evaluation was cancelled");
        }
    }

    private static BufferedImage read(Path file, String what) throws PromptEvaluationException {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new PromptEvaluationException("The " + what + " " + file + " is not a PNG or JPEG image. Convert or remove it.");
            }
            return image;
        } catch (IOException e) {
            throw new PromptEvaluationException("Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path folder, Predicate<Path> keep) throws PromptEvaluationException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new PromptEvaluationException("Cannot list folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
