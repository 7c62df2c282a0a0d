package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A trained defect-classifier head on one backbone: pooled backbone features ({@link ClassFeatures}), standardised
 * by the training set's mean and spread, then one linear layer to a logit per class. Immutable; the weights are
 * plain float arrays, so {@link #logits} builds the same function on any manager and autograd flows through it into
 * the backbone (Grad-CAM). Made by {@link ClassifierTraining}, saved and read by {@link ClassifierFile}.
 */
public final class ClassifierHead {
    /** The class every inspection without a defect gets (normal); always one of {@link #classes()}. */
    public static final String GOOD = "good";

    private final List<String> classes;
    private final ClassFeatures features;
    private final float[] mean;
    private final float[] scale;
    private final float[] weights; // classes × dim, row-major (one row per class)
    private final float[] weightsT; // dim × classes, for matMul
    private final float[] bias;
    private final String backboneSha256;
    private final int inputSize;
    private final int preprocessing;

    /**
     * @param mean          per feature, subtracted first (training-set mean)
     * @param scale         per feature, divided by next (training-set standard deviation, floored)
     * @param weights       {@code classes × dim} row-major
     * @param inputSize     side of the square model input images are scaled to
     * @param preprocessing version of how images become model input ({@code PatchCoreModel.PREPROCESSING})
     */
    ClassifierHead(List<String> classes, ClassFeatures features, float[] mean, float[] scale, float[] weights,
                   float[] bias, String backboneSha256, int inputSize, int preprocessing) {
        this.classes = List.copyOf(classes);
        this.features = features;
        int d = features.dim(), k = this.classes.size();
        if (k < 2 || mean.length != d || scale.length != d || weights.length != k * d || bias.length != k) {
            throw new IllegalArgumentException("head of " + k + " classes over " + d + " features got mean "
                    + mean.length + ", scale " + scale.length + ", weights " + weights.length + ", bias " + bias.length);
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
        this.weights = weights.clone();
        this.bias = bias.clone();
        this.weightsT = new float[d * k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                weightsT[j * k + c] = weights[c * d + j];
            }
        }
        this.backboneSha256 = backboneSha256;
        this.inputSize = inputSize;
        this.preprocessing = preprocessing;
    }

    /** Class names in logit order; {@code good} is one of them. */
    public List<String> classes() {
        return classes;
    }

    /**
     * Class logits {@code [N, classes]} from the backbone's raw outputs for a batch ({@code [logits, feat_s8, feat_s16,
     * cam]} for the shipped MobileNetV2), made of differentiable NDArray ops only: pooling, concat, standardisation,
     * matMul, add. The result lives in the outputs' manager.
     */
    public NDArray logits(NDList backboneOutputs) {
        NDArray f = features.pool(backboneOutputs);
        NDManager m = f.getManager();
        int d = features.dim(), k = classes.size();
        NDArray z = f.sub(m.create(mean, new Shape(1, d))).div(m.create(scale, new Shape(1, d)));
        return z.matMul(m.create(weightsT, new Shape(d, k))).add(m.create(bias, new Shape(1, k)));
    }

    /** Softmax of {@link #logits}. */
    public NDArray probabilities(NDList backboneOutputs) {
        return logits(backboneOutputs).softmax(1);
    }

    /** Logits of already pooled feature vectors {@code [N, dim]} (training and evaluation work on cached features). */
    float[] logitsOfFeatures(float[] f) {
        int d = features.dim(), k = classes.size(), n = f.length / d;
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = bias[c];
                for (int j = 0; j < d; j++) {
                    s += (f[i * d + j] - mean[j]) / scale[j] * weights[c * d + j];
                }
                out[i * k + c] = (float) s;
            }
        }
        return out;
    }

    /** sha256 of the backbone weights file the head was trained on; another backbone gives other features. */
    public String backboneSha256() {
        return backboneSha256;
    }

    /** Side of the square model input the images were scaled to in training. */
    public int inputSize() {
        return inputSize;
    }

    /** Version of the image-to-input preprocessing used in training ({@code PatchCoreModel.PREPROCESSING}). */
    public int preprocessing() {
        return preprocessing;
    }

    public ClassFeatures features() {
        return features;
    }

    public int featureDim() {
        return features.dim();
    }

    float[] mean() {
        return mean.clone();
    }

    float[] scale() {
        return scale.clone();
    }

    float[] weights() {
        return weights.clone();
    }

    float[] bias() {
        return bias.clone();
    }
}
