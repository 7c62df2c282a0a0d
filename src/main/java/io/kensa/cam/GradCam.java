package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.kensa.detect.BackboneDescriptor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Grad-CAM by autograd through the TorchScript backbone: for class c and stage A (activations A_k),
 * {@code map = ReLU(Σ_k α_k A_k)} with {@code α_k} the spatial mean of ∂y_c/∂A_k, where y_c is the scorer's logit.
 * The frame is squashed to {@code inputSize×inputSize} like the detector's input; the map is upsampled back to the
 * frame. One forward + one backward gives every stage at once ({@link #explainAll}). Calls are serialised per
 * backbone; every call works in its own NDManager, closed before it returns.
 */
public final class GradCam {
    public static final int DEFAULT_INPUT_SIZE = 224;

    private final CamBackbone backbone;
    private final ClassScorer scorer;
    private final int inputSize;

    private GradCam(CamBackbone backbone, ClassScorer scorer, int inputSize) {
        this.backbone = backbone;
        this.scorer = scorer;
        this.inputSize = inputSize;
    }

    /** Grad-CAM for the backbone's own ImageNet logits (labels from its descriptor). */
    public static GradCam imagenet(CamBackbone backbone) throws CamException {
        Path labels = backbone.labelsFile().orElseThrow(() -> new CamException("Backbone '" + backbone.descriptor().name()
                + "' has no logits head with labels in its descriptor, so it has no classes of its own. Use a trained"
                + " classifier head."));
        List<String> names;
        try {
            names = Files.readAllLines(labels, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new CamException("Cannot read the class labels " + labels + ": " + e.getMessage() + ".", e);
        }
        return of(backbone, ClassScorer.imagenet(names));
    }

    /**
     * Grad-CAM for a trained head: {@code logits} maps the backbone's plain outputs {@code [logits, feat_s8,
     * feat_s16, cam]} to class logits {@code [1, classes.size()]} with differentiable DJL ops. For the classifier:
     * {@code GradCam.forHead(cam, head.classes(), head::logits, head.backboneSha256())}.
     *
     * @param backboneSha256 the sha256 of the backbone weights the head was trained on; must be {@code backbone}'s
     */
    public static GradCam forHead(CamBackbone backbone, List<String> classes,
                                  java.util.function.Function<NDList, NDArray> logits, String backboneSha256)
            throws CamException {
        if (!backbone.backbone().sha256().equals(backboneSha256)) {
            throw new CamException("The classifier head was trained on backbone weights " + backboneSha256 + " but the"
                    + " loaded backbone '" + backbone.descriptor().name() + "' has " + backbone.backbone().sha256()
                    + ". Load the backbone the head was trained on, or retrain the head on this one.");
        }
        if (classes.size() < 2) {
            throw new CamException("A classifier head needs at least 2 classes for Grad-CAM; it has " + classes + ".");
        }
        return of(backbone, ClassScorer.of("classifier head", classes, logits));
    }

    /** Grad-CAM for a trained classifier head, at the input size it was trained at. */
    public static GradCam forClassifier(CamBackbone backbone, ClassifierHead head) throws CamException {
        return forHead(backbone, head.classes(), head::logits, head.backboneSha256()).withInputSize(head.inputSize());
    }

    static GradCam of(CamBackbone backbone, ClassScorer scorer) {
        return new GradCam(backbone, scorer, DEFAULT_INPUT_SIZE);
    }

    /** The same scorer at another input side (must suit the backbone, e.g. 128, 224, 256). */
    public GradCam withInputSize(int size) throws CamException {
        BackboneDescriptor.InputSpec in = backbone.descriptor().input();
        if (!in.accepts(size)) {
            throw new CamException("Input size " + size + " does not suit backbone " + backbone.descriptor().name()
                    + ": it must be at least " + in.minSize() + " and a multiple of " + in.multipleOf()
                    + (in.even() ? " (even)" : "") + ", e.g. 224 or 256.");
        }
        return new GradCam(backbone, scorer, size);
    }

    public List<String> classes() {
        return scorer.classes();
    }

    public List<String> stages() {
        return backbone.stages();
    }

    public int inputSize() {
        return inputSize;
    }

    public String device() {
        return backbone.device();
    }

    CamBackbone backbone() {
        return backbone;
    }

    ClassScorer scorer() {
        return scorer;
    }

    /** Grad-CAM at {@code stage} for the predicted class. */
    public CamMap explain(BufferedImage frame, String stage) throws CamException {
        return explain(frame, stage, OptionalInt.empty());
    }

    /** Grad-CAM at {@code stage} for {@code classIndex} (empty: the predicted class). */
    public CamMap explain(BufferedImage frame, String stage, OptionalInt classIndex) throws CamException {
        return explainAll(frame, List.of(stage), classIndex).get(0);
    }

    /** Grad-CAM at each of {@code stages} for one class from a single forward and backward pass. */
    public List<CamMap> explainAll(BufferedImage frame, List<String> stages, OptionalInt classIndex) throws CamException {
        Raw raw = raw(CamInput.scaled(frame, inputSize), stages, classIndex);
        List<CamMap> maps = new ArrayList<>();
        for (String s : stages) {
            Grid g = raw.grids().get(s);
            float[] up = CamMaps.normalised(CamMaps.resize(g.values(), g.width(), g.height(), frame.getWidth(), frame.getHeight()));
            maps.add(new CamMap(raw.classIndex(), scorer.classes().get(raw.classIndex()), raw.probability(), s,
                    frame.getWidth(), frame.getHeight(), up, backbone.device()));
        }
        return maps;
    }

    /** Class probabilities (softmax of the scorer's logits) of one frame, without gradients. */
    public float[] probabilities(BufferedImage frame) throws CamException {
        return probabilitiesOfInput(CamInput.scaled(frame, inputSize));
    }

    /** Unnormalised Grad-CAM at feature resolution. */
    record Grid(int width, int height, float[] values) {}

    /** Raw Grad-CAM of one input image ({@code inputSize}²): class explained, its probability, a grid per stage. */
    record Raw(int classIndex, double probability, float[] probabilities, Map<String, Grid> grids) {}

    Raw raw(BufferedImage input, List<String> stages, OptionalInt classIndex) throws CamException {
        List<CamBackbone.Layer> layers = new ArrayList<>();
        for (String s : stages) {
            layers.add(backbone.layer(s));
        }
        if (classIndex.isPresent() && (classIndex.getAsInt() < 0 || classIndex.getAsInt() >= scorer.classes().size())) {
            throw new CamException("Class index " + classIndex.getAsInt() + " is out of range: " + scorer.name() + " has "
                    + scorer.classes().size() + " classes (0.." + (scorer.classes().size() - 1) + ").");
        }
        String failed = "Grad-CAM failed on backbone " + backbone.descriptor().name() + " (" + backbone.device() + ")";
        return onInput(input, failed, (m, x) -> Autograd.run(() -> {
            CamBackbone.Pass pass = backbone.run(m, x, true);
            NDArray logits = scorer.logits(scorerInputs(pass.outputs()));
            float[] probs = logits.duplicate().softmax(1).toFloatArray();
            int c = classIndex.orElse(argmax(probs));
            Autograd.backward(logits.get(new NDIndex(0, c)));
            Map<String, Grid> grids = new LinkedHashMap<>();
            for (CamBackbone.Layer l : layers) {
                NDArray a = pass.outputs().get(l.output());
                NDArray grad = pass.probes().get(backbone.layers().indexOf(l)).getGradient();
                grids.put(l.name(), gradCam(a, grad));
            }
            return new Raw(c, probs[c], probs, grids);
        }));
    }

    float[] probabilitiesOfInput(BufferedImage input) throws CamException {
        return onInput(input, "Scoring failed on backbone " + backbone.descriptor().name(), (m, x) -> {
            CamBackbone.Pass pass = backbone.run(m, x, false);
            return scorer.logits(scorerInputs(pass.outputs())).softmax(1).toFloatArray();
        });
    }

    /** Work on one input image's tensor {@code [1,3,h,w]}, in a manager of its own. */
    @FunctionalInterface
    private interface OnInput<T> {
        T run(NDManager manager, NDArray input);
    }

    /**
     * Runs {@code work} on {@code input} as a normalised tensor while holding the backbone's lock (one pass at a time);
     * a failure of the engine becomes a {@link CamException} saying {@code failed} and why.
     */
    private <T> T onInput(BufferedImage input, String failed, OnInput<T> work) throws CamException {
        BackboneDescriptor d = backbone.descriptor();
        float[] chw = CamInput.chw(input, d.mean(), d.std());
        ReentrantLock lock = lock();
        lock.lock();
        try (NDManager m = backbone.newManager()) {
            return work.run(m, m.create(chw, new Shape(1, 3, input.getHeight(), input.getWidth())));
        } catch (RuntimeException e) {
            throw new CamException(failed + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    ReentrantLock lock() {
        return backbone.lock();
    }

    /** The outputs the plain backbone returns (the scorer's contract), without the extra Grad-CAM outputs. */
    NDList scorerInputs(NDList outputs) {
        int n = backbone.descriptor().outputs();
        return new NDList(outputs.subList(0, Math.min(n, outputs.size())).toArray(new NDArray[0]));
    }

    /** ReLU(Σ_k mean_xy(∂y/∂A_k) · A_k) of one image's activations {@code [1,C,h,w]}. */
    private static Grid gradCam(NDArray activations, NDArray gradient) {
        long ch = activations.getShape().get(1);
        int h = (int) activations.getShape().get(2), w = (int) activations.getShape().get(3);
        NDArray alpha = gradient.mean(new int[] {3}).mean(new int[] {2}).reshape(1, ch, 1, 1);
        NDArray map = activations.mul(alpha).sum(new int[] {1}).maximum(0f);
        return new Grid(w, h, map.toFloatArray());
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
