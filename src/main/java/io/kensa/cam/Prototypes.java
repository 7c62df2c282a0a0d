package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.kensa.detect.BackboneDescriptor;
import io.kensa.detect.DetectException;
import io.kensa.detect.Images;
import io.kensa.detect.Progress;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Class prototypes: one image per class by gradient ascent on the input maximising the class's log-probability
 * (log-softmax, so raising the other classes' logits is no progress), regularised so the internal activations
 * (per-channel spatial mean and standard deviation of {@code feat_s8} and {@code feat_s16}) stay close to those of
 * real images of that class. The ascent starts from the pixel mean of those real images and runs at the classifier's
 * own input size, the size its head was trained and runs at. The image is parameterised in frequency space
 * (orthonormal 2-D DCT coefficients scaled by 1/frequency, then a sigmoid to [0,1] RGB), and every step sees a
 * randomly shifted crop (transformation robustness). Adam on the coefficients; autograd through the real backbone.
 */
public final class Prototypes {
    private Prototypes() {}

    /**
     * @param size             prototype side (a valid input size, e.g. 96 for a quick look); empty: the classifier's
     *                         own input size, where its probabilities mean what they mean on the line
     * @param iterations       gradient steps
     * @param learningRate     Adam step on the frequency coefficients
     * @param activationWeight weight of the activation regulariser (0 = unregularised: class term only)
     * @param jitter           largest random shift in pixels per step
     */
    public record Settings(OptionalInt size, int iterations, double learningRate, double activationWeight, int jitter,
                           long seed) {
        public static final int DEFAULT_STEPS = 60;

        public static Settings defaults() {
            return new Settings(OptionalInt.empty(), DEFAULT_STEPS, 0.05, 1.0, 8, 1);
        }

        public Settings withActivationWeight(double w) {
            return new Settings(size, iterations, learningRate, w, jitter, seed);
        }

        public Settings withSize(int side) {
            return new Settings(OptionalInt.of(side), iterations, learningRate, activationWeight, jitter, seed);
        }

        public Settings withIterations(int n) {
            return new Settings(size, n, learningRate, activationWeight, jitter, seed);
        }
    }

    /** A real image and how close its activations are to the prototype's (1 = identical statistics). */
    public record Neighbour(int index, double similarity) {}

    /**
     * @param probability        the classifier's probability of the class for {@code image} (as stored, 8-bit, no
     *                           shift), scaled to the classifier's input size as a frame is
     * @param activationDistance RMS distance of the prototype's activation statistics to the real images' mean, in
     *                           units of the real images' spread (about 1 for a typical real image)
     * @param nearest            the real images with the most similar activations, most similar first
     *                           ({@code similarity = 1 / (1 + RMS distance)})
     */
    public record Prototype(int classIndex, String className, BufferedImage image, double probability,
                            double activationDistance, List<Neighbour> nearest) {
        public Prototype {
            nearest = List.copyOf(nearest);
        }
    }

    /**
     * A class's prototype and the real images it was regularised towards ({@code nearest} indexes them).
     *
     * @param seconds how long the gradient ascent took
     */
    public record ClassPrototype(Prototype prototype, List<Path> realImages, double seconds) {
        public ClassPrototype {
            realImages = List.copyOf(realImages);
        }
    }

    /**
     * The prototype of every class of {@code cam}, each regularised towards up to {@code perClass} real images of
     * that class in {@code set} (spread evenly over the class's images), in the scorer's class order.
     */
    public static List<ClassPrototype> ofSet(GradCam cam, ClassifierTraining.LabelledSet set, int perClass,
                                             Settings settings, Progress progress, BooleanSupplier cancelled)
            throws CamException {
        List<String> classes = cam.classes();
        List<List<Path>> chosen = new ArrayList<>();
        for (String name : classes) {
            int label = set.classes().indexOf(name);
            List<Path> images = new ArrayList<>();
            for (int i = 0; i < set.images().size(); i++) {
                if (set.labels()[i] == label) {
                    images.add(set.images().get(i));
                }
            }
            if (images.size() < 2) {
                throw new CamException("Class '" + name + "' has " + images.size() + " image" + (images.size() == 1 ? "" : "s")
                        + " in " + set.root() + " (folders " + set.classes() + "); its prototype needs at least 2 real"
                        + " images to compare activations with. Choose the classifier's labelled folder.");
            }
            int n = Math.min(Math.max(2, perClass), images.size());
            List<Path> spread = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                spread.add(images.get(k * images.size() / n));
            }
            chosen.add(spread);
        }
        List<ClassPrototype> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<BufferedImage> real = new ArrayList<>();
            for (Path p : chosen.get(c)) {
                try {
                    real.add(Images.read(p));
                } catch (DetectException e) {
                    throw new CamException(e.getMessage(), e);
                }
            }
            int done = c;
            long start = System.nanoTime();
            Prototype p = generate(cam, c, real, settings,
                    (f, text) -> progress.update((done + f) / classes.size(), text), cancelled);
            out.add(new ClassPrototype(p, chosen.get(c), (System.nanoTime() - start) / 1e9));
        }
        return out;
    }

    /**
     * The prototype of {@code classIndex}, regularised towards {@code realImages} (real images of that class, at
     * least 2).
     */
    public static Prototype generate(GradCam cam, int classIndex, List<BufferedImage> realImages, Settings settings,
                                     Progress progress, BooleanSupplier cancelled) throws CamException {
        if (classIndex < 0 || classIndex >= cam.classes().size()) {
            throw new CamException("Class index " + classIndex + " is out of range (0.." + (cam.classes().size() - 1) + ").");
        }
        if (realImages.size() < 2) {
            throw new CamException("A prototype of '" + cam.classes().get(classIndex) + "' needs at least 2 real images of"
                    + " the class to compare activations with; got " + realImages.size() + ".");
        }
        GradCam sized = settings.size().isPresent() ? cam.withInputSize(settings.size().getAsInt()) : cam;
        int s = sized.inputSize(), p = s + 2 * settings.jitter();
        CamBackbone backbone = cam.backbone();
        BackboneDescriptor d = backbone.descriptor();
        RealActivations real = RealActivations.of(sized, realImages);
        float[] basis = dct(p);
        float[] scale = frequencyScale(p);
        Random random = new Random(settings.seed());
        // from the real images' mean, which the classifier already leans towards the class: the ascent refines a
        // plausible picture instead of growing one out of grey (where the regulariser can outweigh the class term)
        float[] coeffs = coefficientsOf(meanImage(realImages, p), basis, scale, p, backbone);
        for (int i = 0; i < coeffs.length; i++) {
            coeffs[i] += (float) (0.01 * random.nextGaussian());
        }
        float[] m1 = new float[coeffs.length], m2 = new float[coeffs.length];
        double b1 = 0.9, b2 = 0.999;
        for (int it = 0; it < settings.iterations(); it++) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("Prototype of '" + cam.classes().get(classIndex) + "' was cancelled");
            }
            int dx = random.nextInt(2 * settings.jitter() + 1), dy = random.nextInt(2 * settings.jitter() + 1);
            float[] grad = step(sized, coeffs, basis, scale, p, s, dx, dy, classIndex, real.mean(), real.spread(),
                    (float) settings.activationWeight(), d);
            for (int i = 0; i < coeffs.length; i++) {
                m1[i] = (float) (b1 * m1[i] + (1 - b1) * grad[i]);
                m2[i] = (float) (b2 * m2[i] + (1 - b2) * grad[i] * grad[i]);
                double mh = m1[i] / (1 - Math.pow(b1, it + 1)), vh = m2[i] / (1 - Math.pow(b2, it + 1));
                coeffs[i] -= (float) (settings.learningRate() * mh / (Math.sqrt(vh) + 1e-8));
            }
            progress.update((it + 1.0) / settings.iterations(), "Prototype of " + cam.classes().get(classIndex)
                    + ": step " + (it + 1) + " of " + settings.iterations());
        }
        BufferedImage image = render(coeffs, basis, scale, p, s, settings.jitter(), backbone);
        double probability = cam.probabilities(image)[classIndex];
        float[] mine = stats(sized, image);
        List<Neighbour> nearest = new ArrayList<>();
        for (int i = 0; i < real.images().size(); i++) {
            nearest.add(new Neighbour(i, 1 / (1 + rms(mine, real.images().get(i), real.spread()))));
        }
        nearest.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
        return new Prototype(classIndex, cam.classes().get(classIndex), image, probability,
                rms(mine, real.mean(), real.spread()), nearest.subList(0, Math.min(3, nearest.size())));
    }

    /** The activation statistics of each real image, their mean and their spread (kept off 0). */
    private record RealActivations(List<float[]> images, float[] mean, float[] spread) {
        static RealActivations of(GradCam sized, List<BufferedImage> realImages) throws CamException {
            List<float[]> real = new ArrayList<>();
            for (BufferedImage img : realImages) {
                real.add(stats(sized, CamInput.scaled(img, sized.inputSize())));
            }
            int dim = real.get(0).length;
            float[] mu = new float[dim], sigma = new float[dim];
            for (float[] r : real) {
                for (int i = 0; i < dim; i++) {
                    mu[i] += r[i] / real.size();
                }
            }
            double meanSigma = 0;
            for (float[] r : real) {
                for (int i = 0; i < dim; i++) {
                    sigma[i] += (r[i] - mu[i]) * (r[i] - mu[i]) / (real.size() - 1);
                }
            }
            for (int i = 0; i < dim; i++) {
                sigma[i] = (float) Math.sqrt(sigma[i]);
                meanSigma += sigma[i] / dim;
            }
            for (int i = 0; i < dim; i++) {
                sigma[i] = (float) Math.max(sigma[i], 0.1 * meanSigma + 1e-4); // no division by a spread of ~0
            }
            return new RealActivations(real, mu, sigma);
        }
    }

    /** RMS of (a - b) / sigma. */
    static double rms(float[] a, float[] b, float[] sigma) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double z = (a[i] - b[i]) / sigma[i];
            sum += z * z;
        }
        return Math.sqrt(sum / a.length);
    }

    /** The activation statistics of one input image, without gradients. */
    static float[] stats(GradCam cam, BufferedImage input) throws CamException {
        CamBackbone backbone = cam.backbone();
        BackboneDescriptor d = backbone.descriptor();
        backbone.lock().lock();
        try (NDManager m = backbone.newManager()) {
            NDArray x = m.create(CamInput.chw(input, d.mean(), d.std()), new Shape(1, 3, input.getHeight(), input.getWidth()));
            return statistics(backbone.run(m, x, false).outputs(), backbone).toFloatArray();
        } catch (RuntimeException e) {
            throw new CamException("Activation statistics failed: " + e.getMessage(), e);
        } finally {
            backbone.lock().unlock();
        }
    }

    /** [mean_xy, std_xy] per channel of every Grad-CAM stage but the last, as one {@code [1, dim]} row. */
    private static NDArray statistics(NDList outputs, CamBackbone backbone) {
        List<NDArray> parts = new ArrayList<>();
        for (CamBackbone.Layer l : backbone.layers().subList(0, Math.max(1, backbone.layers().size() - 1))) {
            NDArray a = outputs.get(l.output());
            NDArray mean = a.mean(new int[] {3}).mean(new int[] {2});
            NDArray centred = a.sub(mean.reshape(1, l.channels(), 1, 1));
            NDArray std = centred.mul(centred).mean(new int[] {3}).mean(new int[] {2}).add(1e-6f).sqrt();
            parts.add(mean);
            parts.add(std);
        }
        return NDArrays.concat(new NDList(parts), 1);
    }

    /** One gradient of the loss −log softmax_c + w·mean(((stats − mu)/sigma)²) with respect to the coefficients. */
    private static float[] step(GradCam cam, float[] coeffs, float[] basis, float[] scale, int p, int s, int dx, int dy,
                                int c, float[] mu, float[] sigma, float weight, BackboneDescriptor d) throws CamException {
        CamBackbone backbone = cam.backbone();
        backbone.lock().lock();
        try (NDManager m = backbone.newManager()) {
            NDArray coef = m.create(coeffs, new Shape(3, p, p));
            coef.setRequiresGradient(true);
            return Autograd.run(() -> {
                NDArray x = pixels(m, coef, basis, scale, p)
                        .get(new NDIndex(":, {}:{}, {}:{}", dy, dy + s, dx, dx + s));
                NDArray input = x.sub(m.create(d.mean(), new Shape(3, 1, 1))).div(m.create(d.std(), new Shape(3, 1, 1)))
                        .reshape(1, 3, s, s);
                CamBackbone.Pass pass = backbone.run(m, input, true);
                NDArray logProbability = cam.scorer().logits(cam.scorerInputs(pass.outputs())).logSoftmax(1)
                        .get(new NDIndex(0, c));
                NDArray loss = logProbability.neg();
                if (weight > 0) {
                    NDArray z = statistics(pass.outputs(), backbone).sub(m.create(mu, new Shape(1, mu.length)))
                            .div(m.create(sigma, new Shape(1, sigma.length)));
                    loss = loss.add(z.mul(z).mean().mul(weight));
                }
                Autograd.backward(loss);
                return coef.getGradient().toFloatArray();
            });
        } catch (RuntimeException e) {
            throw new CamException("Prototype step failed: " + e.getMessage(), e);
        } finally {
            backbone.lock().unlock();
        }
    }

    /** sigmoid(Dᵀ (coef ⊙ scale) D) per channel: RGB in [0,1], {@code [3, p, p]}. */
    private static NDArray pixels(NDManager m, NDArray coef, float[] basis, float[] scale, int p) {
        NDArray dm = m.create(basis, new Shape(p, p));
        NDArray spectrum = coef.mul(m.create(scale, new Shape(1, p, p)));
        return Activation.sigmoid(dm.transpose().matMul(spectrum).matMul(dm));
    }

    private static BufferedImage render(float[] coeffs, float[] basis, float[] scale, int p, int s, int jitter,
                                        CamBackbone backbone) {
        float[] rgb;
        try (NDManager m = backbone.newManager()) {
            rgb = pixels(m, m.create(coeffs, new Shape(3, p, p)), basis, scale, p)
                    .get(new NDIndex(":, {}:{}, {}:{}", jitter, jitter + s, jitter, jitter + s)).toFloatArray();
        }
        BufferedImage out = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int plane = s * s;
        for (int i = 0; i < plane; i++) {
            int r = Math.round(rgb[i] * 255), g = Math.round(rgb[plane + i] * 255), b = Math.round(rgb[2 * plane + i] * 255);
            px[i] = (r << 16) | (g << 8) | b;
        }
        return out;
    }

    /** The pixel-wise mean of {@code images}, each scaled to {@code side}², as {@code [3, side, side]} RGB in [0,1]. */
    static float[] meanImage(List<BufferedImage> images, int side) {
        int plane = side * side;
        float[] mean = new float[3 * plane];
        for (BufferedImage image : images) {
            int[] px = ((DataBufferInt) CamInput.scaled(image, side).getRaster().getDataBuffer()).getData();
            for (int i = 0; i < plane; i++) {
                mean[i] += ((px[i] >> 16) & 0xff) / 255f / images.size();
                mean[plane + i] += ((px[i] >> 8) & 0xff) / 255f / images.size();
                mean[2 * plane + i] += (px[i] & 0xff) / 255f / images.size();
            }
        }
        return mean;
    }

    /** The coefficients {@link #pixels} turns back into {@code rgb} (clamped off 0 and 1, where the sigmoid is flat). */
    static float[] coefficientsOf(float[] rgb, float[] basis, float[] scale, int p, CamBackbone backbone) {
        try (NDManager m = backbone.newManager()) {
            NDArray x = m.create(rgb, new Shape(3, p, p)).clip(0.02f, 0.98f);
            NDArray logit = x.div(x.neg().add(1f)).log();
            NDArray dm = m.create(basis, new Shape(p, p));
            // D is orthonormal: the inverse of Dᵀ·S·D is D·X·Dᵀ
            return dm.matMul(logit).matMul(dm.transpose()).div(m.create(scale, new Shape(1, p, p))).toFloatArray();
        }
    }

    /** Orthonormal DCT-II matrix, {@code D[k][n]}. */
    static float[] dct(int n) {
        float[] d = new float[n * n];
        for (int k = 0; k < n; k++) {
            double a = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
            for (int i = 0; i < n; i++) {
                d[k * n + i] = (float) (a * Math.cos(Math.PI * (i + 0.5) * k / n));
            }
        }
        return d;
    }

    /** 1/f amplitude scaling of the coefficients (natural images' spectrum), times the side so pixel steps are O(1). */
    static float[] frequencyScale(int n) {
        float[] s = new float[n * n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                s[u * n + v] = (float) (n / Math.max(1.0, Math.sqrt(u * u + v * v)));
            }
        }
        return s;
    }
}
