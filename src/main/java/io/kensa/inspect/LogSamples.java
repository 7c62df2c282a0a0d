package io.kensa.inspect;

import io.kensa.detect.Detection;
import io.kensa.llm.PromptProfile;
import io.kensa.model.ClassPrediction;
import io.kensa.store.DecidedImage;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.store.StoredInspection;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The decision log as a labelled set: every inspection of a recipe whose standing decision (the newest accept or
 * override not undone, as in the Review tab) was made in a date range, with the inspector's final class as its truth
 * and the detector's recorded anomaly map as its outline (so it measures prompt and detector together, like the line).
 */
public final class LogSamples {
    private static final int PAGE = 500;

    private LogSamples() {}

    /**
     * What to take from the log. Written {@code recipe=NAME,from=DATE,to=DATE,class=NAME}, every key optional, in any
     * order: {@code recipe} defaults to the profile's recipe; {@code from} and {@code to} are days (inclusive, in the
     * station's time zone) or instants such as {@code 2026-11-01T06:00:00Z} ({@code to} then exclusive); {@code class}
     * keeps only decisions whose final class is this one ({@code normal} for good parts). {@code all} takes the whole log.
     */
    public record Filter(Optional<String> recipe, Instant from, Instant to, Optional<String> finalClass) {
        private static final Instant OPEN_END = Instant.parse("9999-12-31T00:00:00Z");

        public Filter {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("The log filter's from (" + from + ") is not before its to (" + to
                        + "). Swap them, or widen the range.");
            }
        }

        /** The filter as the Measure tab's fields give it: days inclusive in {@code zone}, an empty one open-ended. */
        public static Filter days(Optional<String> recipe, Optional<LocalDate> from, Optional<LocalDate> to,
                                  Optional<String> finalClass, ZoneId zone) {
            return new Filter(recipe, from.map(d -> startOf(d, zone, false)).orElse(Instant.EPOCH),
                    to.map(d -> startOf(d, zone, true)).orElse(OPEN_END), finalClass);
        }

        public static Filter parse(String text, ZoneId zone) {
            Optional<String> recipe = Optional.empty();
            Optional<String> finalClass = Optional.empty();
            Instant from = Instant.EPOCH;
            Instant to = OPEN_END;
            String all = text.strip();
            if (!all.isEmpty() && !all.equalsIgnoreCase("all")) {
                for (String item : all.split(",")) {
                    int eq = item.indexOf('=');
                    String key = eq < 0 ? item.strip() : item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String value = eq < 0 ? "" : item.substring(eq + 1).strip();
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("'" + item.strip() + "' in the log filter has no value; write"
                                + " key=value, e.g. recipe=bottle,from=2026-11-01,to=2026-11-30,class=contamination");
                    }
                    switch (key) {
                        case "recipe" -> recipe = Optional.of(value);
                        case "class" -> finalClass = Optional.of(value);
                        case "from" -> from = time(value, zone, false);
                        case "to" -> to = time(value, zone, true);
                        default -> throw new IllegalArgumentException("'" + key + "' is not a log filter key; use recipe,"
                                + " from, to and class, e.g. recipe=bottle,from=2026-11-01,to=2026-11-30,class=contamination");
                    }
                }
            }
            return new Filter(recipe, from, to, finalClass);
        }

        private static Instant time(String value, ZoneId zone, boolean end) {
            try {
                return startOf(LocalDate.parse(value), zone, end);
            } catch (DateTimeParseException notDay) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + value + "' in the log filter is not a day (2026-11-01) or an"
                            + " instant (2026-11-01T06:00:00Z).");
                }
            }
        }

        /** Midnight starting {@code day}, or ending it when {@code end} (so the day is included). */
        private static Instant startOf(LocalDate day, ZoneId zone, boolean end) {
            return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
        }
    }

    /**
     * The labelled set and what was left out of it.
     *
     * @param missingImages  decided inspections whose stored image file is gone (deleted, or the image folder moved)
     * @param otherClasses   decided inspections whose final class is not a class of the profile (nor normal)
     */
    public record LogSet(List<PromptEvaluation.Sample> samples, int decided, int missingImages, int otherClasses) {
        public LogSet {
            samples = List.copyOf(samples);
        }

        /** One line for a person: how many decisions were found and which were left out, and why. */
        public String summary() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d decided inspections, %d used", decided,
                    samples.size()));
            if (missingImages > 0) {
                s.append(String.format(Locale.ROOT, "; %d skipped: image file missing", missingImages));
            }
            if (otherClasses > 0) {
                s.append(String.format(Locale.ROOT, "; %d skipped: final class not in the profile", otherClasses));
            }
            return s.toString();
        }
    }

    /**
     * Reads the standing decisions the filter selects, with each inspection's stored image and anomaly map.
     *
     * @param recipe the recipe whose log is read unless the filter names another
     * @throws PromptEvaluationException when the filter selects no usable image, saying why
     */
    public static LogSet read(InspectionStore store, Filter filter, String recipe, PromptProfile profile)
            throws StoreException, PromptEvaluationException {
        String name = filter.recipe().orElse(recipe);
        List<PromptEvaluation.Sample> samples = new ArrayList<>();
        int decided = 0;
        int missing = 0;
        int other = 0;
        long after = 0;
        while (true) {
            List<DecidedImage> page = store.decidedImages(name, filter.from(), filter.to(), after, PAGE);
            for (DecidedImage d : page) {
                String truth = d.finalClass().equals(ClassPrediction.GOOD) ? PromptEvaluation.NORMAL : d.finalClass();
                if (filter.finalClass().filter(c -> !c.equals(truth)).isPresent()) {
                    continue;
                }
                decided++;
                if (!truth.equals(PromptEvaluation.NORMAL) && !profile.classNames().contains(truth)) {
                    other++;
                } else if (!Files.isRegularFile(d.image())) {
                    missing++;
                } else {
                    samples.add(new PromptEvaluation.Sample(d.image(), truth, Optional.empty(),
                            Optional.of(detection(store, d))));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).inspection().value();
        }
        LogSet set = new LogSet(samples, decided, missing, other);
        if (samples.isEmpty()) {
            throw new PromptEvaluationException("The decision log of recipe '" + name + "' in " + store.imageFolder().getParent()
                    + " has no usable decided image for this filter (" + set.summary() + ", from " + filter.from()
                    + " to " + filter.to() + filter.finalClass().map(c -> ", class " + c).orElse("")
                    + "). Widen the dates, check the recipe name, or decide frames at the station first.");
        }
        return set;
    }

    private static Detection detection(InspectionStore store, DecidedImage d) throws StoreException {
        StoredInspection i = store.inspection(d.inspection()).orElseThrow(() -> new StoreException("Inspection "
                + d.inspection().value() + " disappeared while the decision log was read. Run the measurement again."));
        return new Detection(i.score(), i.threshold(), store.anomalyMap(i.id()), i.mapLow(), i.mapHigh(), i.regions(),
                i.imageWidth(), i.imageHeight(), i.timings(), i.device());
    }
}
