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
 * supervisor waits for in the Review tab: the table's first page, the one read of the range's standing decisions that
 * feeds every chart, and computing each chart from them.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Generate a decision log on a fresh H2 file database and time the Review tab's first page and charts.")
public final class BenchReviewCommand implements Callable<Integer> {
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
        long opening = System.nanoTime();
        try (CtrlC ctrlC = new CtrlC("bench-review-cancel"); Database db = Database.openFile(dir.resolve("db"))) {
            OptionalDouble generateSeconds = OptionalDouble.empty();
            if (reuse) {
                // a log of an older build is upgraded on open (V009 fills standing_decisions): say what that cost
                System.err.printf(Locale.ROOT, "Measuring the decision log already in %s (generated before); opened in "
                        + "%.1f s, migrations applied now: %s%n", dir, (System.nanoTime() - opening) / 1e9, db.appliedOnOpen());
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
        // the table's first page comes from the index at once; then one read of the whole range feeds every figure,
        // and each chart row pays it, as the window does
        Timed<List<ReviewCase>> page = time(() -> queries.standingDecidedBetween(from, to, Optional.empty(), ReviewQueries.FIRST_PAGE));
        rows.add(row("first page: the newest " + page.value().size() + " standing decisions", page.ms(), 0));
        // the first whole read runs H2's and Kensa's row code before the JIT compiled it, as a window's first Review
        // of a long range does; the charts are timed on that worst case, the read again shows the usual case
        Timed<List<ReviewCase>> all = time(() -> queries.standingDecidedBetween(from, to, Optional.empty()));
        List<ReviewCase> cases = all.value();
        double load = all.ms();
        rows.add(row("the whole range read for the figures, first time in this process (" + cases.size()
                + " standing decisions)", load, 0));
        double again = time(() -> queries.standingDecidedBetween(from, to, Optional.empty())).ms();
        rows.add(row("the whole range read again (what each refresh or filter change after it waits for)", again, 0));
        rows.add(row("chart: override rate per day, operator, class", load,
                time(() -> OverrideAnalytics.summarise(cases, zone, ReviewReport.TOP_COMMENTS)).ms()));
        rows.add(row("chart: override rate per shift with version changes", load,
                time(() -> ReviewTrends.of(cases, zone, Shifts.THREE_EIGHT_HOUR)).ms()));
        rows.add(row("chart: scores of accepted vs overridden", load, time(() -> ScoreDistribution.of(cases)).ms()));
        rows.add(row("table: agreement per recipe and prompt version", load, time(() -> List.of(
                Agreement.byRecipeVersion(cases), Agreement.byPromptVersion(cases))).ms()));
        rows.add(row("every figure of the Review tab at once (what its background job computes)", load,
                time(() -> ReviewReport.of(cases, zone, Shifts.THREE_EIGHT_HOUR)).ms()));
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
