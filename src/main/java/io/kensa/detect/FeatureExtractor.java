package io.kensa.detect;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * PatchCore's locally aware patch features: the descriptor's stages, each 3×3 average pooled (stride 1, pad 1),
 * deeper maps bilinearly upsampled to the shallowest grid, concatenated along channels, optionally randomly
 * projected to fewer channels. One patch per cell of the shallowest stage's grid.
 */
final class FeatureExtractor {
    private final Backbone backbone;
    private final int inputSize;
    private final float[] projection; // channels × dim, empty when no projection
    private final int channels;
    private final int dim;

    FeatureExtractor(Backbone backbone, int inputSize, int projectionDim, long seed) throws DetectException {
        BackboneDescriptor d = backbone.descriptor();
        if (!d.input().accepts(inputSize)) {
            throw new DetectException("Input size " + inputSize + " does not suit backbone " + d.name()
                    + ": it must be at least " + d.input().minSize() + " and a multiple of " + d.input().multipleOf()
                    + (d.input().even() ? " (even)" : "") + ", e.g. 224 or 256.");
        }
        this.backbone = backbone;
        this.inputSize = inputSize;
        this.channels = d.patchCoreChannels();
        if (projectionDim > 0 && projectionDim < channels) {
            this.dim = projectionDim;
            this.projection = gaussian(channels, projectionDim, seed);
        } else {
            this.dim = channels;
            this.projection = new float[0];
        }
    }

    /** A {@code rows×cols} Gaussian random projection scaled by 1/sqrt(cols), which keeps distances on average. */
    static float[] gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] m = new float[rows * cols];
        double scale = 1 / Math.sqrt(cols);
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (r.nextGaussian() * scale);
        }
        return m;
    }

    int dim() {
        return dim;
    }

    int inputSize() {
        return inputSize;
    }

    /** Patches per side of the feature grid. */
    int grid() {
        return inputSize / backbone.descriptor().patchCoreStageList().get(0).stride();
    }

    Backbone backbone() {
        return backbone;
    }

    /** Patch features {@code [B*grid*grid, dim]} (image-major, row-major grid) of inputSize×inputSize RGB images. */
    NDArray embed(NDManager m, List<BufferedImage> images) {
        BackboneDescriptor d = backbone.descriptor();
        int plane = inputSize * inputSize;
        float[] data = new float[images.size() * 3 * plane];
        for (int i = 0; i < images.size(); i++) {
            Images.toChw(images.get(i), d.mean(), d.std(), data, i * 3 * plane);
        }
        NDArray x = m.create(FloatBuffer.wrap(data), new Shape(images.size(), 3, inputSize, inputSize));
        NDList out = backbone.forward(x);
        List<NDArray> maps = new ArrayList<>();
        long gh = -1, gw = -1;
        for (BackboneDescriptor.Stage s : d.patchCoreStageList()) {
            NDArray f = Pool.avgPool2d(out.get(s.output()), new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false, true);
            if (gh < 0) {
                gh = f.getShape().get(2);
                gw = f.getShape().get(3);
            } else if (f.getShape().get(2) != gh || f.getShape().get(3) != gw) {
                // NDArrayEx.resize works on NHWC
                f = f.transpose(0, 2, 3, 1).getNDArrayInternal()
                        .resize((int) gw, (int) gh, Image.Interpolation.BILINEAR.ordinal()).transpose(0, 3, 1, 2);
            }
            maps.add(f);
        }
        NDArray features = NDArrays.concat(new NDList(maps), 1).transpose(0, 2, 3, 1).reshape(-1, channels);
        if (projection.length > 0) {
            features = features.matMul(m.create(projection, new Shape(channels, dim)));
        }
        return features;
    }
}
