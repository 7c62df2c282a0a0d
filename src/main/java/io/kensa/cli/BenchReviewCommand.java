package io.kensa.cli;

import io.kensa.model.ReviewCase;
import io.kensa.review.Agreement;
import io.kensa.review.ExplanationWords;
import io.kensa.review.OverrideAnalytics;
import io.kensa.review.ReviewReport;
import io.kensa.review.ReviewTrends;
import io.kensa.review.ScoreDistribution;
import io.kensa.review.Shifts;
import io.kensa.store.Database;
import io.kensa.store.Folders;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kensa bench review}: writes a decision log of a given size through the store, then times what a
 * supervisor waits for in the Review tab: the first page of the table, loading every decision of the range, and
 * computing each chart from them.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Generate a decision log on a fresh H2 file database and time the Review tab's first page and charts.")
public final class BenchReviewCommand implements Callable<Integer> {
    /** Rows the Review tab shows first. */
    public static final int FIRST_PAGE = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--inspections", defaultValue = "100000", description = "Decided inspections to generate (default ${DEFAULT-VALUE}).")
    int inspections;

    @Option(names = "--per-day", defaultValue = "500", description = "Flagged frames per day (default ${DEFAULT-VALUE}).")
    int perDay;

    @Option(names = "--folder", paramLabel = "DIR", description = "Keep the database in this folder (default: a temp folder, deleted after); a database "
            + "already there is measured again without generating a new one. The folder is a data folder: "
            + "KENSA_HOME=DIR shows the log in the Review tab.")
    Path folder;

    @Override
    public Integer call() throws Exception {
        Path dir = folder == null ? Files.createTempDirectory("kensa-bench-review") : Files.createDirectories(folder);
        // the log ends now, so the folder opened as a data folder shows it in the Review tab's default week
        Duration spacing = Duration.ofSeconds(86_400 / Math.max(1, perDay));
        Instant start = Instant.now().minus(spacing.multipliedBy(inspections)).minusSeconds(60);
        DecisionLogGenerator generator = new DecisionLogGenerator(42, start, spacing);
        boolean reuse = Files.isRegularFile(dir.resolve("db").resolve("kensa.mv.db"));
        try (CtrlC ctrlC = new CtrlC("bench-review-cancel"); Database db = Database.openFile(dir.resolve("db"))) {
            OptionalDouble generateSeconds = OptionalDouble.empty();
            if (reuse) {
                System.err.println("Measuring the decision log already in " + dir + " (generated before)");
            } else {
                generateSeconds = OptionalDouble.of(generate(db, dir.resolve("images"), generator, ctrlC));
            }
            try (InspectionStore reading = InspectionStore.openForReading(db, dir.resolve("images"))) {
                print(reading, Instant.EPOCH, Instant.now().plus(Duration.ofDays(3650)), generateSeconds);
            }
        } finally {
            if (folder == null) {
                Folders.deleteTree(dir);
            }
        }
        return 0;
    }

    /** Writes the log through the store; returns the seconds it took. */
    private double generate(Database db, Path images, DecisionLogGenerator generator, CtrlC ctrlC)
            throws StoreException {
        long t0 = System.nanoTime();
        generator.write(db, images, "bench", inspections, n -> {
            if (n % 1000 == 0 || n == inspections) {
                System.err.printf("\rbench review: generated %d / %d decided inspections", n, inspections);
            }
        }, ctrlC::pressed);
        System.err.println();
        return (System.nanoTime() - t0) / 1e9;
    }

    private void print(InspectionStore store, Instant from, Instant to, OptionalDouble generateSeconds) throws Exception {
        ReviewQueries queries = new ReviewQueries(store);
        ZoneId zone = ZoneOffset.UTC;
        List<String> rows = new ArrayList<>();
        Timed<List<ReviewCase>> firstPage = time(() -> queries.standingDecidedBetween(from, to, Optional.empty(), FIRST_PAGE));
        rows.add(row("first page (" + firstPage.value().size() + " newest decisions)", firstPage.ms(), 0));
        Timed<List<ReviewCase>> all = time(() -> queries.standingDecidedBetween(from, to, Optional.empty(), Integer.MAX_VALUE));
        List<ReviewCase> cases = all.value();
        rows.add(row("load every decision of the range (" + cases.size() + ")", all.ms(), 0));
        double load = all.ms();
        rows.add(row("chart: override rate per day, operator, class", load,
                time(() -> OverrideAnalytics.summarise(cases, zone, ReviewReport.TOP_COMMENTS)).ms()));
        rows.add(row("chart: override rate per shift with version changes", load,
                time(() -> ReviewTrends.of(cases, zone, Shifts.THREE_EIGHT_HOUR)).ms()));
        rows.add(row("chart: scores of accepted vs overridden", load, time(() -> ScoreDistribution.of(cases)).ms()));
        rows.add(row("table: agreement per recipe and prompt version", load, time(() -> List.of(
                Agreement.byRecipeVersion(cases), Agreement.byPromptVersion(cases))).ms()));
        Timed<List<ExplanationWords.ClassWords>> words =
                time(() -> ExplanationWords.ofDecisions(cases, queries::explanationTexts, 10));
        rows.add(row("words the explanations rely on (texts read + fitted)", load, words.ms()));
        PrintWriter out = spec.commandLine().getOut();
        generateSeconds.ifPresent(seconds -> out.printf(Locale.ROOT, "Generated %d decided inspections in %.1f s (%.2f ms "
                + "each: inspection, explanation, decision, each on the audit chain)%n", inspections, seconds,
                1000 * seconds / inspections));
        out.printf(Locale.ROOT, "Review of %d standing decisions%n%n", cases.size());
        out.println("| step | query ms | compute ms | total ms |");
        out.println("|---|---|---|---|");
        rows.forEach(out::println);
        out.flush();
    }

    private static String row(String name, double queryMs, double computeMs) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", name, queryMs, computeMs, queryMs + computeMs);
    }

    private record Timed<T>(T value, double ms) {}

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> Timed<T> time(Work<T> work) throws Exception {
        long t0 = System.nanoTime();
        T value = work.run();
        return new Timed<>(value, (System.nanoTime() - t0) / 1e6);
    }
}
