package io.kensa.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kensa.model.ReviewCase;
import io.kensa.review.Agreement;
import io.kensa.review.ExplanationWords;
import io.kensa.review.ReviewReport;
import io.kensa.review.ReviewSummary;
import io.kensa.review.ReviewTrends;
import io.kensa.review.ScoreDistribution;
import io.kensa.review.Shifts;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.StoreException;
import io.kensa.util.Csv;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kensa review}: the supervisor's figures (the Review tab's) for a date range, as JSON or CSV. An empty
 * database, or a data folder with none yet, is an empty answer.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Print the override and agreement figures of the decision log (by day, shift, operator, class, "
                + "recipe version and prompt version) as JSON or CSV.")
public final class ReviewCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--from", paramLabel = "DATE", description = "First day (yyyy-mm-dd, local time), inclusive (default: the first decision).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day (yyyy-mm-dd, local time), inclusive (default: today).")
    LocalDate to;

    @Option(names = "--recipe", paramLabel = "NAME", description = "Only inspections of this recipe.")
    String recipe;

    @Option(names = "--format", defaultValue = "json", paramLabel = "csv|json", description = "json (default) or csv.")
    String format;

    @Option(names = "--shifts", defaultValue = "early=06:00,late=14:00,night=22:00", paramLabel = "NAME=HH:MM,…",
            description = "The plant's shift starts (default ${DEFAULT-VALUE}).")
    String shifts;

    @Option(names = "--words", defaultValue = "0", paramLabel = "N", description = "JSON only: also the N words the "
            + "explanations of each machine class rely on most (default 0: none).")
    int words;

    record RateJson(String key, long decided, long overridden, double overrideRate,
                    @JsonProperty("override_rate_low_95") double overrideRateLow,
                    @JsonProperty("override_rate_high_95") double overrideRateHigh) {
        static List<RateJson> of(List<ReviewSummary.Rate> rates) {
            return rates.stream().map(r -> new RateJson(r.key(), r.decided(), r.overrides(), r.overrideRate(),
                    r.overrideRateLow(), r.overrideRateHigh())).toList();
        }
    }

    record AgreementJson(String key, long decided, double accuracy, Double macroF1, Double kappa) {
        static AgreementJson of(Agreement a) {
            return new AgreementJson(a.key(), a.decided(), a.accuracy(), boxed(a.macroF1()), boxed(a.kappa()));
        }
    }

    record ChangeJson(String at, String kind, String label) {}

    record ScoresJson(double binWidth, List<Long> accepted, List<Long> overridden, long unscored) {}

    record WordJson(String word, double weight, double precision, long explanations) {}

    record ReviewJson(String from, String to, String recipe, long decided, long overridden, double overrideRate,
                      Double kappa, Double accuracy, Double macroF1, List<RateJson> byDay,
                      List<RateJson> byShift, List<RateJson> byOperator, List<RateJson> byClass,
                      List<AgreementJson> byRecipeVersion, List<AgreementJson> byPromptVersion, List<ChangeJson> changes,
                      ScoresJson scores, List<ReviewSummary.CommentCount> topComments, Map<String, List<WordJson>> words) {}

    @Override
    public Integer call() throws Exception {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("--format " + format + " is not csv or json");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        ZoneId zone = ZoneId.systemDefault();
        Instant start = from == null ? Instant.EPOCH : from.atStartOfDay(zone).toInstant();
        Instant end = to == null ? Instant.now().plus(Duration.ofDays(1)) : to.plusDays(1).atStartOfDay(zone).toInstant();
        Shifts plantShifts = Shifts.parse(shifts);
        List<ReviewCase> cases = List.of();
        Map<String, List<WordJson>> relied = new TreeMap<>();
        if (store.exists()) {
            try (Database db = store.openExisting(); InspectionStore reading = InspectionStore.openForReading(db, store.images())) {
                ReviewQueries queries = new ReviewQueries(reading);
                cases = queries.standingDecidedBetween(start, end, Optional.ofNullable(recipe));
                if (words > 0) {
                    relied = words(queries, cases);
                }
            }
        }
        ReviewReport report = ReviewReport.of(cases, zone, plantShifts);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(JSON.writeValueAsString(json(report, relied)));
        } else {
            csv(report).forEach(out::print);
        }
        out.flush();
        return 0;
    }

    private ReviewJson json(ReviewReport r, Map<String, List<WordJson>> relied) {
        ReviewSummary s = r.summary();
        ReviewTrends t = r.trends();
        ScoreDistribution d = t.scores();
        return new ReviewJson(from == null ? null : from.toString(), to == null ? null : to.toString(), recipe,
                s.decided(), s.overrides(), s.overrideRate(), boxed(r.overall().kappa()),
                s.decided() == 0 ? null : r.overall().accuracy(), boxed(r.overall().macroF1()), RateJson.of(s.perDay()),
                RateJson.of(t.perShift()), RateJson.of(s.perOperator()), RateJson.of(s.perMachineClass()),
                r.byRecipeVersion().stream().map(AgreementJson::of).toList(),
                r.byPromptVersion().stream().map(AgreementJson::of).toList(),
                t.changes().stream().map(c -> new ChangeJson(c.at().toString(), c.kind().name().toLowerCase(Locale.ROOT), c.label())).toList(),
                new ScoresJson(d.binWidth(), d.accepted(), d.overridden(), d.unscored()), s.topComments(), relied);
    }

    /** One table: a section column, then the rate columns and the agreement columns (empty where they do not apply). */
    static List<String> csv(ReviewReport r) {
        List<String> lines = new ArrayList<>();
        lines.add(Csv.line(List.of("section", "key", "decided", "overridden", "override_rate", "override_rate_low_95",
                "override_rate_high_95", "accuracy", "macro_f1", "kappa")));
        ReviewSummary s = r.summary();
        Agreement all = r.overall();
        lines.add(Csv.line(List.of("all", "all", s.decided(), s.overrides(), s.overrideRate(), "", "",
                s.decided() == 0 ? "" : all.accuracy(), text(all.macroF1()), text(all.kappa()))));
        rates(lines, "day", s.perDay());
        rates(lines, "shift", r.trends().perShift());
        rates(lines, "operator", s.perOperator());
        rates(lines, "class", s.perMachineClass());
        agreement(lines, "recipe_version", r.byRecipeVersion());
        agreement(lines, "prompt_version", r.byPromptVersion());
        return lines;
    }

    private static void rates(List<String> lines, String section, List<ReviewSummary.Rate> rates) {
        for (ReviewSummary.Rate x : rates) {
            lines.add(Csv.line(List.of(section, x.key(), x.decided(), x.overrides(), x.overrideRate(), x.overrideRateLow(),
                    x.overrideRateHigh(), "", "", "")));
        }
    }

    private static void agreement(List<String> lines, String section, List<Agreement> groups) {
        for (Agreement a : groups) {
            lines.add(Csv.line(List.of(section, a.key(), a.decided(), "", "", "", "", a.accuracy(), text(a.macroF1()),
                    text(a.kappa()))));
        }
    }

    private Map<String, List<WordJson>> words(ReviewQueries queries, List<ReviewCase> cases) throws StoreException {
        Map<String, List<WordJson>> out = new TreeMap<>();
        for (ExplanationWords.ClassWords cw : ExplanationWords.ofDecisions(cases, queries::explanationTexts, words)) {
            out.put(cw.machineClass(), cw.words().stream()
                    .map(w -> new WordJson(w.word(), w.weight(), w.precision(), w.documents())).toList());
        }
        return out;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static String text(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.4f", value.getAsDouble()) : "";
    }
}
