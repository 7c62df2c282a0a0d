package io.kensa.review;

import java.util.List;

/**
 * How often inspectors agreed with the machine over a set of standing decisions.
 *
 * @param perMachineClass  by the machine's class, most decisions first
 * @param perOperator      by operator ({@code name (id)}), most decisions first
 * @param perDay           by the day of the decision (ISO date in the summary's time zone), oldest first
 * @param topComments      the most common override comments, most frequent first
 */
public record ReviewSummary(long decided, long accepts, long overrides, List<Rate> perMachineClass,
                           List<Rate> perOperator, List<Rate> perDay, ConfusionMatrix confusion,
                           List<CommentCount> topComments) {
    public ReviewSummary {
        perMachineClass = List.copyOf(perMachineClass);
        perOperator = List.copyOf(perOperator);
        perDay = List.copyOf(perDay);
        topComments = List.copyOf(topComments);
    }

    /** Share of decisions that accepted the machine's verdict; 0 when there are none. */
    public double acceptRate() {
        return decided == 0 ? 0 : (double) accepts / decided;
    }

    public double overrideRate() {
        return decided == 0 ? 0 : (double) overrides / decided;
    }

    /** Decisions and overrides within one group. */
    public record Rate(String key, long decided, long overrides) {
        public double overrideRate() {
            return decided == 0 ? 0 : (double) overrides / decided;
        }
    }

    /** An override comment (as first written) and how many overrides said the same, ignoring case and spacing. */
    public record CommentCount(String comment, long count) {}
}
