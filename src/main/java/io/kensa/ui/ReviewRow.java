package io.kensa.ui;

import io.kensa.model.ReviewCase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/**
 * One row of the review table: a standing decision and its cells as shown (formatted off the FX thread).
 *
 * @param score  the detector's score (the table formats it with three decimals)
 */
public record ReviewRow(ReviewCase reviewCase, String time, String station, String operator, String action,
                        String machine, String finalVerdict, String comment, double score, String profile) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** The table's columns, each with the order it sorts in when ascending. */
    public enum Column {
        TIME(Comparator.comparing((ReviewRow r) -> r.reviewCase().decision().decidedAt())
                .thenComparingLong(r -> r.reviewCase().decision().id().value())),
        STATION(text(ReviewRow::station)),
        OPERATOR(text(ReviewRow::operator)),
        ACTION(text(ReviewRow::action)),
        MACHINE(text(ReviewRow::machine)),
        FINAL(text(ReviewRow::finalVerdict)),
        COMMENT(text(ReviewRow::comment)),
        SCORE(Comparator.comparingDouble(ReviewRow::score)),
        PROFILE(text(ReviewRow::profile));

        private final Comparator<ReviewRow> ascending;

        Column(Comparator<ReviewRow> ascending) {
            this.ascending = ascending;
        }

        Comparator<ReviewRow> order(boolean ascending) {
            return ascending ? this.ascending : this.ascending.reversed();
        }

        private static Comparator<ReviewRow> text(Function<ReviewRow, String> cell) {
            return Comparator.comparing(cell);
        }
    }

    /** One sort key, as a table header click gives it. */
    public record Sort(Column column, boolean ascending) {}

    static ReviewRow of(ReviewCase c, ZoneId zone) {
        return new ReviewRow(c, TIME.format(c.decision().decidedAt().atZone(zone)), c.decision().station(),
                c.decision().operator().name(), c.decision().action().name().toLowerCase(Locale.ROOT),
                c.machineClass() + c.machineSeverity().map(s -> " / " + s.wire()).orElse(""),
                c.finalClass() + " / " + c.decision().severity().wire(), c.decision().comment(),
                c.inspection().score(), c.shown().map(a -> a.profileName() + " v" + a.profileVersion()).orElse("—"));
    }
}
