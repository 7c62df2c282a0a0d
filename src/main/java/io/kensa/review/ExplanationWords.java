package io.kensa.review;

import io.kensa.model.ExplanationId;
import io.kensa.model.MachineAnswer;
import io.kensa.model.ReviewCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the explanations lean on (seed 003): the explanations of a filtered set as bags of words, one linear
 * classifier per machine class (one against the rest, L2-regularised logistic regression), and per class the words
 * with the largest positive weight, each with its precision (of the explanations that use the word, the share that
 * named this class). A class whose top word is "lighting" is a class explained by the lighting, not the part.
 *
 * <p>Words are lower-cased letter runs of two or more letters, common English function words left out; runs of
 * CJK characters, which have no spaces, count as their character pairs. A word must occur in {@link #MIN_DOCUMENTS}
 * explanations to be weighed.
 */
public final class ExplanationWords {
    public static final int MIN_DOCUMENTS = 2;
    /** Explanations weighed at most: a fixed-seed sample of a larger set, so the answer stays in seconds. */
    public static final int MAX_EXPLANATIONS = 10_000;
    private static final int EPOCHS = 200;
    private static final double LEARNING_RATE = 0.5;
    private static final double L2 = 1e-3;
    private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "is",
            "are", "was", "be", "it", "its", "this", "that", "with", "as", "by", "for", "from", "there", "which", "no",
            "not", "has", "have", "than", "into", "near", "also", "so");

    private ExplanationWords() {}

    /** One explanation: its text and the class the machine named. */
    public record Explained(String machineClass, String text) {}

    /** @param precision of the explanations containing the word, the share that named this class */
    public record Word(String word, double weight, double precision, long documents) {}

    /** @param explanations how many explanations named this class */
    public record ClassWords(String machineClass, long explanations, List<Word> words) {
        public ClassWords {
            words = List.copyOf(words);
        }
    }

    /**
     * Per machine class (sorted by name), at most {@code top} words, heaviest first; empty input, empty answer. Give
     * it a {@link #sample} of a large set (as {@link #ofDecisions} does).
     */
    public static List<ClassWords> of(List<Explained> explained, int top) {
        List<Set<String>> docs = explained.stream().map(e -> words(e.text())).toList();
        Map<String, Integer> frequency = new HashMap<>();
        docs.forEach(d -> d.forEach(w -> frequency.merge(w, 1, Integer::sum)));
        List<String> vocabulary = frequency.entrySet().stream().filter(e -> e.getValue() >= MIN_DOCUMENTS)
                .map(Map.Entry::getKey).sorted().toList();
        Map<String, Integer> index = new HashMap<>();
        vocabulary.forEach(w -> index.put(w, index.size()));
        List<int[]> features = docs.stream()
                .map(d -> d.stream().filter(index::containsKey).mapToInt(index::get).sorted().toArray()).toList();

        Map<String, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < explained.size(); i++) {
            byClass.computeIfAbsent(explained.get(i).machineClass(), k -> new ArrayList<>()).add(i);
        }
        List<ClassWords> out = new ArrayList<>();
        for (var entry : byClass.entrySet()) {
            boolean[] positive = new boolean[explained.size()];
            entry.getValue().forEach(i -> positive[i] = true);
            double[] weights = fit(features, positive, vocabulary.size());
            List<Word> ranked = new ArrayList<>();
            for (int w = 0; w < vocabulary.size(); w++) {
                if (weights[w] <= 0) {
                    continue;
                }
                long with = 0;
                long withInClass = 0;
                for (int i = 0; i < features.size(); i++) {
                    if (Arrays.binarySearch(features.get(i), w) >= 0) {
                        with++;
                        withInClass += positive[i] ? 1 : 0;
                    }
                }
                ranked.add(new Word(vocabulary.get(w), weights[w], (double) withInClass / with, withInClass));
            }
            ranked.sort(Comparator.comparingDouble(Word::weight).reversed().thenComparing(Word::word));
            out.add(new ClassWords(entry.getKey(), entry.getValue().size(), ranked.subList(0, Math.min(top, ranked.size()))));
        }
        return out;
    }

    /** Reads the texts of explanations by id (the store's review queries). */
    public interface Texts<E extends Exception> {
        Map<ExplanationId, String> of(List<ExplanationId> ids) throws E;
    }

    /**
     * Per machine class, the words the explanations shown with these decisions rely on: those that named a class, a
     * {@link #sample} of them when there are more than {@link #MAX_EXPLANATIONS}, their texts read through {@code texts}.
     */
    public static <E extends Exception> List<ClassWords> ofDecisions(List<ReviewCase> cases, Texts<E> texts, int top)
            throws E {
        List<ReviewCase> explained = sample(cases.stream()
                .filter(c -> c.shown().flatMap(MachineAnswer::answeredClass).isPresent()).toList());
        Map<ExplanationId, String> byId = texts.of(explained.stream().map(c -> c.shown().get().id()).toList());
        return of(explained.stream().map(c -> new Explained(c.machineClass(),
                byId.getOrDefault(c.shown().get().id(), ""))).toList(), top);
    }

    /** At most {@link #MAX_EXPLANATIONS} of the items, the same ones every time for the same list. */
    static <T> List<T> sample(List<T> items) {
        if (items.size() <= MAX_EXPLANATIONS) {
            return items;
        }
        List<T> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(items.size()));
        return List.copyOf(shuffled.subList(0, MAX_EXPLANATIONS));
    }

    /** Full-batch gradient descent on the mean logistic loss; features are binary (word present or not). */
    private static double[] fit(List<int[]> features, boolean[] positive, int dimensions) {
        double[] w = new double[dimensions];
        double bias = 0;
        int n = features.size();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double[] gradient = new double[dimensions];
            double biasGradient = 0;
            for (int i = 0; i < n; i++) {
                double z = bias;
                for (int f : features.get(i)) {
                    z += w[f];
                }
                double error = 1 / (1 + Math.exp(-z)) - (positive[i] ? 1 : 0);
                for (int f : features.get(i)) {
                    gradient[f] += error;
                }
                biasGradient += error;
            }
            for (int f = 0; f < dimensions; f++) {
                w[f] -= LEARNING_RATE * (gradient[f] / n + L2 * w[f]);
            }
            bias -= LEARNING_RATE * biasGradient / n;
        }
        return w;
    }

    /** The distinct words of one text. */
    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        StringBuilder run = new StringBuilder();
        boolean cjk = false;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ' ';
            boolean letter = Character.isLetter(ch);
            boolean chCjk = letter && isCjk(ch);
            if (letter && (run.isEmpty() || chCjk == cjk)) {
                run.append(ch);
                cjk = chCjk;
                continue;
            }
            flush(run, cjk, out);
            run.setLength(0);
            if (letter) {
                run.append(ch);
                cjk = chCjk;
            }
        }
        return out;
    }

    private static void flush(StringBuilder run, boolean cjk, Set<String> out) {
        if (cjk) {
            for (int i = 0; i + 1 < run.length(); i++) {
                out.add(run.substring(i, i + 2));
            }
        } else if (run.length() >= 2) {
            String word = run.toString().toLowerCase(Locale.ROOT);
            if (!STOP.contains(word)) {
                out.add(word);
            }
        }
    }

    private static boolean isCjk(char ch) {
        Character.UnicodeScript script = Character.UnicodeScript.of(ch);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }
}
