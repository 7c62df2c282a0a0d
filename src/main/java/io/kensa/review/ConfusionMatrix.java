package io.kensa.review;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Machine class (rows) against the inspector's final class (columns) over the same label list, with the
 * agreement statistics VELM reports.
 *
 * @param labels  every class that occurs on either side, sorted
 * @param counts  {@code counts[machine][inspector]}
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        long[][] copy = new long[labels.size()][];
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException("confusion matrix has " + counts.length + " rows for "
                    + labels.size() + " labels");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != labels.size()) {
                throw new IllegalArgumentException("confusion matrix row " + i + " has " + counts[i].length
                        + " columns for " + labels.size() + " labels");
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /** A copy: the matrix itself cannot be changed. */
    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long count(String machine, String inspector) {
        int r = labels.indexOf(machine);
        int c = labels.indexOf(inspector);
        return r < 0 || c < 0 ? 0 : counts[r][c];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Observed agreement p<sub>o</sub>: the share on the diagonal; empty when there is nothing to compare. */
    public OptionalDouble agreement() {
        long n = total();
        if (n == 0) {
            return OptionalDouble.empty();
        }
        long diagonal = 0;
        for (int i = 0; i < counts.length; i++) {
            diagonal += counts[i][i];
        }
        return OptionalDouble.of((double) diagonal / n);
    }

    /**
     * Cohen's kappa (p<sub>o</sub> − p<sub>e</sub>) / (1 − p<sub>e</sub>), p<sub>e</sub> from the row and column
     * totals. Empty when there are no cases, or when both sides used one and the same class for everything
     * (p<sub>e</sub> = 1: agreement by chance cannot be told from real agreement).
     */
    public OptionalDouble kappa() {
        long n = total();
        if (n == 0) {
            return OptionalDouble.empty();
        }
        double expected = 0;
        for (int k = 0; k < labels.size(); k++) {
            long row = 0;
            long column = 0;
            for (int j = 0; j < labels.size(); j++) {
                row += counts[k][j];
                column += counts[j][k];
            }
            expected += ((double) row / n) * ((double) column / n);
        }
        if (expected >= 1 - 1e-12) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((agreement().getAsDouble() - expected) / (1 - expected));
    }

    /**
     * Precision, recall and F1 of each label, the machine's answers (rows) scored against the inspector's classes
     * (columns).
     */
    public List<LabelScore> perLabel() {
        List<LabelScore> out = new ArrayList<>(labels.size());
        for (int k = 0; k < labels.size(); k++) {
            long answered = 0;
            long support = 0;
            for (int j = 0; j < labels.size(); j++) {
                answered += counts[k][j];
                support += counts[j][k];
            }
            double precision = answered == 0 ? 0 : (double) counts[k][k] / answered;
            double recall = support == 0 ? 0 : (double) counts[k][k] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            out.add(new LabelScore(labels.get(k), support, answered, precision, recall, f1));
        }
        return out;
    }

    /** The unweighted mean F1 over every label on either side; empty when there are no cases. */
    public OptionalDouble macroF1() {
        return total() == 0 ? OptionalDouble.empty() : perLabel().stream().mapToDouble(LabelScore::f1).average();
    }

    /**
     * @param support   how often the inspector gave this class
     * @param answered  how often the machine gave it
     */
    public record LabelScore(String label, long support, long answered, double precision, double recall, double f1) {}
}
