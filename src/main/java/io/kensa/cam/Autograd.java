package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Autograd on the calling thread only. DJL's {@code GradientCollector} for PyTorch sets a JVM-wide "collecting" flag
 * and refuses a second collector anywhere in the process, so live Grad-CAM would fail while a classifier trains on
 * another thread. libtorch's grad mode is thread-local: this enables it for the current thread around the work and
 * runs the backward pass directly, which is what the collector does minus the global flag.
 */
final class Autograd {
    private Autograd() {}

    /** Runs {@code work} with gradient recording on for this thread, restoring the previous mode after. */
    static <T> T run(Supplier<T> work) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** d(target)/d(leaves), accumulated into each leaf's gradient; {@code target} is summed if not a scalar. */
    static void backward(NDArray target) {
        NDArray t = target.getShape().size() == 1 ? target : target.sum();
        NDArray seed = t.onesLike();
        JniUtils.backward((PtNDArray) t, (PtNDArray) seed, false, false);
    }
}
