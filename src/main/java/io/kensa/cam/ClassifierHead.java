package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kensa.detect.Backbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trained defect classifier head on the backbone's outputs {@code [logits, feat_s8, feat_s16, cam]}: pooled
 * features (global average and/or max of feature maps, or a 2-D output as is), standardised with the training mean
 * and std, then a linear layer {@code W·f + b} giving one logit per class ({@code good} is a class). Everything in
 * {@link #logits} is a differentiable DJL op, so {@link GradCam#forHead} can back-propagate through it. Immutable;
 * saved as one JSON file together with the sha256 of the backbone weights it was trained on.
 */
public final class ClassifierHead {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One block of the feature vector: backbone output {@code output} pooled by {@code pool} ("avg" or "max" over
     * the spatial axes of a {@code [N,C,h,w]} output; "none" for a {@code [N,C]} output such as the logits).
     */
    public record Feature(String name, int output, String pool) {
        public Feature {
            if (!List.of("avg", "max", "none").contains(pool)) {
                throw new IllegalArgumentException("Unknown pooling '" + pool + "' for feature " + name
                        + ": use avg, max or none.");
            }
        }

        NDArray apply(NDList outputs) {
            NDArray a = outputs.get(output);
            return switch (pool) {
                case "avg" -> a.mean(new int[] {3}).mean(new int[] {2});
                case "max" -> a.max(new int[] {3}).max(new int[] {2});
                default -> a;
            };
        }
    }

    /**
     * What a head was trained on, written by a retraining from the decision log so that the next one can take "the
     * decisions since the last training" (heads trained on a folder alone have none).
     *
     * @param trainedAt    the decision log was read up to this instant (ISO-8601): decisions after it are new to the head
     * @param recipe       the recipe whose decisions were read
     * @param logImages    images from the decision log trained on
     * @param folder       the labelled folder also trained on, "" when none
     * @param folderImages images from that folder trained on
     */
    public record Training(String trainedAt, String recipe, int logImages, String folder, int folderImages) {
        public Training {
            Instant.parse(trainedAt); // fails fast on a damaged file
            folder = folder == null ? "" : folder;
        }

        public Training(Instant trainedAt, String recipe, int logImages, Optional<Path> folder, int folderImages) {
            this(trainedAt.toString(), recipe, logImages, folder.map(Path::toString).orElse(""), folderImages);
        }

        /** {@link #trainedAt} as an instant: where "since the last training" starts. */
        public Instant until() {
            return Instant.parse(trainedAt);
        }
    }

    /** The file format (Jackson-bound). */
    record File(int format, List<String> classes, List<Feature> features, int inputSize, String backbone,
                String backboneSha256, float[] mean, float[] std, float[][] weights, float[] bias,
                ClassifierReport report, Training training) {}

    private final List<String> classes;
    private final List<Feature> features;
    private final int inputSize;
    private final String backboneName;
    private final String backboneSha256;
    private final float[] mean;
    private final float[] std;
    private final float[][] weights;
    private final float[] bias;
    private final ClassifierReport report;
    private final Training training;

    ClassifierHead(List<String> classes, List<Feature> features, int inputSize, String backboneName,
                   String backboneSha256, float[] mean, float[] std, float[][] weights, float[] bias,
                   ClassifierReport report, Training training) {
        int d = mean.length;
        if (std.length != d || weights.length != classes.size() || bias.length != classes.size()) {
            throw new IllegalArgumentException("Inconsistent classifier head: " + classes.size() + " classes, "
                    + d + " features, " + weights.length + " weight rows, " + bias.length + " biases.");
        }
        for (float[] row : weights) {
            if (row.length != d) {
                throw new IllegalArgumentException("Inconsistent classifier head: a weight row has " + row.length
                        + " values for " + d + " features.");
            }
        }
        this.classes = List.copyOf(classes);
        this.features = List.copyOf(features);
        this.inputSize = inputSize;
        this.backboneName = backboneName;
        this.backboneSha256 = backboneSha256;
        this.mean = mean.clone();
        this.std = std.clone();
        this.weights = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i].clone();
        }
        this.bias = bias.clone();
        this.report = report;
        this.training = training;
    }

    /** The default feature spec for a backbone with PatchCore stages and an ImageNet logits output. */
    static List<Feature> defaultFeatures(io.kensa.detect.BackboneDescriptor d, boolean withLogits) {
        List<Feature> f = new ArrayList<>();
        for (io.kensa.detect.BackboneDescriptor.Stage s : d.stages()) {
            f.add(new Feature("avg:" + s.name(), s.output(), "avg"));
            f.add(new Feature("max:" + s.name(), s.output(), "max"));
        }
        if (withLogits && d.logits().isPresent()) {
            f.add(new Feature("logits", d.logits().get().output(), "none"));
        }
        return f;
    }

    public List<String> classes() {
        return classes;
    }

    public List<Feature> features() {
        return features;
    }

    /** Short text of the feature spec, e.g. "avg:feat_s8+max:feat_s8+…". */
    public String featureSpec() {
        return String.join("+", features.stream().map(Feature::name).toList());
    }

    public String backboneSha256() {
        return backboneSha256;
    }

    public String backboneName() {
        return backboneName;
    }

    /** Side of the square the frame is scaled to before the backbone (as the detector does). */
    public int inputSize() {
        return inputSize;
    }

    /** The report of the training that made this head (held-out split), if known. */
    public Optional<ClassifierReport> report() {
        return Optional.ofNullable(report);
    }

    /** What the head was trained on, when a retraining from the decision log made it. */
    public Optional<Training> training() {
        return Optional.ofNullable(training);
    }

    /** This head with {@code r} as the report saved with it. */
    public ClassifierHead withReport(ClassifierReport r) {
        return new ClassifierHead(classes, features, inputSize, backboneName, backboneSha256, mean, std, weights, bias, r,
                training);
    }

    /** This head with {@code t} as the record of what it was trained on. */
    public ClassifierHead withTraining(Training t) {
        return new ClassifierHead(classes, features, inputSize, backboneName, backboneSha256, mean, std, weights, bias,
                report, t);
    }

    /** True when the features include the backbone's ImageNet logits (trained with {@code --logits}). */
    public boolean usesLogits() {
        return features.stream().anyMatch(f -> f.pool().equals("none"));
    }

    /** The raw (unstandardised) feature vector {@code [N, d]} of backbone outputs, in differentiable DJL ops. */
    static NDArray rawFeatures(List<Feature> features, NDList outputs) {
        NDList blocks = new NDList();
        for (Feature f : features) {
            blocks.add(f.apply(outputs));
        }
        return blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(blocks, 1);
    }

    /** Class logits {@code [N, classes]} of the backbone's plain outputs, made of differentiable DJL ops only. */
    public NDArray logits(NDList backboneOutputs) {
        NDManager m = backboneOutputs.get(0).getManager();
        int d = mean.length, k = classes.size();
        NDArray f = rawFeatures(features, backboneOutputs);
        NDArray z = f.sub(m.create(mean, new Shape(1, d))).div(m.create(std, new Shape(1, d)));
        float[] w = new float[k * d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(weights[i], 0, w, i * d, d);
        }
        return z.matMul(m.create(w, new Shape(k, d)).transpose()).add(m.create(bias, new Shape(1, k)));
    }

    /** Softmax class probabilities of one image's backbone outputs (first row if a batch). */
    public float[] probabilities(NDList backboneOutputs) {
        float[] all = logits(backboneOutputs).softmax(1).toFloatArray();
        float[] first = new float[classes.size()];
        System.arraycopy(all, 0, first, 0, first.length);
        return first;
    }

    /** Probabilities from a raw feature vector (the training path; same arithmetic as {@link #logits}). */
    float[] probabilitiesOfFeatures(float[] raw) {
        int k = classes.size();
        double[] z = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double s = bias[c];
            for (int j = 0; j < raw.length; j++) {
                s += weights[c][j] * ((raw[j] - mean[j]) / std[j]);
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        float[] p = new float[k];
        for (int c = 0; c < k; c++) {
            p[c] = (float) (z[c] / sum);
        }
        return p;
    }

    /** Writes the head as one JSON file. */
    public void save(Path file) throws CamException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), new File(FORMAT, classes, features, inputSize, backboneName, backboneSha256,
                    mean, std, weights, bias, report, training));
        } catch (IOException e) {
            throw new CamException("Cannot write the classifier head " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** Reads a head written by {@link #save}, without checking the backbone (see {@link #load(Path, Backbone)}). */
    public static ClassifierHead load(Path file) throws CamException {
        if (!Files.isRegularFile(file)) {
            throw new CamException("Classifier head " + file + " does not exist. Train one with"
                    + " 'kensa classify train --data DIR --out " + file + "'.");
        }
        File f;
        try {
            f = JSON.readValue(file.toFile(), File.class);
        } catch (IOException e) {
            throw new CamException("Cannot read the classifier head " + file + ": " + e.getMessage()
                    + ". The file is damaged or not a Kensa classifier; retrain it.", e);
        }
        if (f.format() != FORMAT) {
            throw new CamException("Classifier head " + file + " has format " + f.format() + "; this Kensa reads format "
                    + FORMAT + ". Retrain it with this version.");
        }
        if (f.classes() == null || f.features() == null || f.mean() == null || f.std() == null || f.weights() == null
                || f.bias() == null || f.backboneSha256() == null) {
            throw new CamException("Classifier head " + file + " is incomplete (missing classes, features, weights or"
                    + " backbone sha256). Retrain it.");
        }
        try {
            return new ClassifierHead(f.classes(), f.features(), f.inputSize(), f.backbone(), f.backboneSha256(),
                    f.mean(), f.std(), f.weights(), f.bias(), f.report(), f.training());
        } catch (IllegalArgumentException e) {
            throw new CamException("Classifier head " + file + ": " + e.getMessage() + " Retrain it.", e);
        }
    }

    /** Reads a head and checks it was trained on {@code backbone}'s weights. */
    public static ClassifierHead load(Path file, Backbone backbone) throws CamException {
        ClassifierHead head = load(file);
        head.requireBackbone(backbone, file.toString());
        return head;
    }

    /** Fails unless this head was trained on {@code backbone}'s weights. */
    public void requireBackbone(Backbone backbone, String where) throws CamException {
        if (!backbone.sha256().equals(backboneSha256)) {
            throw new CamException("Classifier head " + where + " was trained on backbone weights sha256 "
                    + backboneSha256 + (backboneName == null ? "" : " (" + backboneName + ")") + " but the loaded backbone '"
                    + backbone.descriptor().name() + "' has sha256 " + backbone.sha256() + ". Retrain the classifier on"
                    + " this backbone ('kensa classify train'), or load the backbone it was trained on.");
        }
        int needed = features.stream().mapToInt(Feature::output).max().orElse(0) + 1;
        if (backbone.descriptor().outputs() < needed) {
            throw new CamException("Classifier head " + where + " uses backbone output " + (needed - 1) + " but backbone '"
                    + backbone.descriptor().name() + "' has only " + backbone.descriptor().outputs() + ". Retrain it.");
        }
    }
}
