package io.kensa.cam;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.kensa.review.ConfusionMatrix;
import java.util.List;

/**
 * How well a classifier head did on images it was not trained on (a held-out split or k-fold cross-validation).
 *
 * @param evaluation    how the numbers were measured, e.g. "held-out 20% (stratified, seed 42)" or "5-fold stratified CV"
 * @param images        labelled images used (after skipping unreadable ones)
 * @param classes       class names, sorted; index = head output
 * @param accuracy      share of evaluated images whose predicted class is the true class
 * @param macroF1       unweighted mean of the per-class F1 over the classes evaluated or predicted (a class with
 *                      neither, such as one a held-out part of the log lacks, does not count)
 * @param perClass      precision, recall, F1 and support per class
 * @param labels        confusion matrix labels (= classes)
 * @param confusion     {@code confusion[predicted][true]} counts
 * @param trainSeconds  wall time: feature extraction plus head fitting
 * @param msPerImage    backbone forward + head per image (feature extraction time / images)
 * @param features      the feature spec, e.g. "avg+max(feat_s8,feat_s16)+logits"
 * @param augmentation  "none" or "hflip"
 * @param skipped       images that could not be read, each "path: reason"
 */
public record ClassifierReport(String evaluation, int images, List<String> classes, double accuracy, double macroF1,
                               List<ClassMetrics> perClass, List<String> labels, long[][] confusion,
                               double trainSeconds, double msPerImage, String features, String augmentation,
                               List<String> skipped) {
    public ClassifierReport {
        classes = List.copyOf(classes);
        perClass = List.copyOf(perClass);
        labels = List.copyOf(labels);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** Precision, recall and F1 of one class; {@code support} = true images of the class evaluated. */
    public record ClassMetrics(String name, double precision, double recall, double f1, int support) {}

    /** The confusion matrix (rows: predicted class, columns: true class). */
    @JsonIgnore
    public ConfusionMatrix confusionMatrix() {
        return new ConfusionMatrix(labels, confusion);
    }

    /** Metrics of predictions against truth (indices into {@code classes}). */
    static ClassifierReport of(String evaluation, List<String> classes, int[] truth, int[] predicted,
                               double trainSeconds, double msPerImage, String features, String augmentation,
                               List<String> skipped) {
        int k = classes.size();
        long[][] cm = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            cm[predicted[i]][truth[i]]++;
        }
        long correct = 0;
        List<ClassMetrics> per = new java.util.ArrayList<>();
        double f1Sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            correct += cm[c][c];
            long predictedC = 0, trueC = 0;
            for (int j = 0; j < k; j++) {
                predictedC += cm[c][j];
                trueC += cm[j][c];
            }
            double p = predictedC == 0 ? 0 : (double) cm[c][c] / predictedC;
            double r = trueC == 0 ? 0 : (double) cm[c][c] / trueC;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (predictedC + trueC > 0) {
                f1Sum += f1;
                counted++;
            }
            per.add(new ClassMetrics(classes.get(c), p, r, f1, (int) trueC));
        }
        double accuracy = truth.length == 0 ? 0 : (double) correct / truth.length;
        return new ClassifierReport(evaluation, truth.length, classes, accuracy, counted == 0 ? 0 : f1Sum / counted, per, classes, cm,
                trainSeconds, msPerImage, features, augmentation, skipped);
    }

    ClassifierReport withTiming(int images, double trainSeconds, double msPerImage) {
        return new ClassifierReport(evaluation, images, classes, accuracy, macroF1, perClass, labels, confusion,
                trainSeconds, msPerImage, features, augmentation, skipped);
    }
}
