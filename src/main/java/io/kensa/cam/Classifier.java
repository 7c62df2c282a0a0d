package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.kensa.detect.Backbone;
import io.kensa.detect.BackboneDescriptor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The defect classifier at run time: a loaded {@link Backbone} plus a {@link ClassifierHead} trained on its weights.
 * A frame (any size, grey or colour) is scaled to the head's input square like the detector's input, run through
 * the backbone without gradients, and the head gives one probability per class. Does not own the backbone.
 */
public final class Classifier {
    private final Backbone backbone;
    private final ClassifierHead head;

    /** The predicted class of one frame, with every class's probability (index = {@code classes} order). */
    public record Prediction(int classIndex, String className, double probability, List<String> classes,
                             float[] probabilities) {}

    private Classifier(Backbone backbone, ClassifierHead head) {
        this.backbone = backbone;
        this.head = head;
    }

    /** Fails with a clear message when {@code head} was trained on other backbone weights. */
    public static Classifier of(Backbone backbone, ClassifierHead head) throws CamException {
        head.requireBackbone(backbone, "'" + head.classes() + "'");
        return new Classifier(backbone, head);
    }

    /** {@code ClassifierHead.load(file, backbone)} wrapped as a classifier. */
    public static Classifier load(Path headFile, Backbone backbone) throws CamException {
        return new Classifier(backbone, ClassifierHead.load(headFile, backbone));
    }

    public ClassifierHead head() {
        return head;
    }

    public List<String> classes() {
        return head.classes();
    }

    /** The device the forward pass runs on: its managers are the backbone's (asked without opening one, so it can be
     *  read for the status line at any time, also while the station closes). */
    public String device() {
        return backbone.device();
    }

    /** Class probabilities of one frame. */
    public float[] probabilities(BufferedImage frame) throws CamException {
        BufferedImage scaled = CamInput.scaled(frame, head.inputSize());
        BackboneDescriptor d = backbone.descriptor();
        float[] chw = CamInput.chw(scaled, d.mean(), d.std());
        try (NDManager m = backbone.newManager()) {
            NDArray x = m.create(chw, new Shape(1, 3, scaled.getHeight(), scaled.getWidth()));
            NDList out = backbone.forward(x);
            return head.probabilities(out);
        } catch (RuntimeException e) {
            throw new CamException("Classifying the frame failed on backbone " + d.name() + ": " + e.getMessage(), e);
        }
    }

    /** The most probable class of one frame. */
    public Prediction classify(BufferedImage frame) throws CamException {
        float[] p = probabilities(frame);
        int c = GradCam.argmax(p);
        return new Prediction(c, head.classes().get(c), p[c], head.classes(), p);
    }
}
