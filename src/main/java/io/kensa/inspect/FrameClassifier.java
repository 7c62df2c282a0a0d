package io.kensa.inspect;

import io.kensa.model.ClassPrediction;
import java.awt.image.BufferedImage;

/**
 * The recipe's defect classifier as the live pipeline runs it: one frame in, its class out. Called on the detection
 * thread, for the frames the detector flags (or every frame when the recipe asks for it); the workstation owns it
 * and closes it after the detection thread has stopped.
 */
interface FrameClassifier extends AutoCloseable {
    ClassPrediction classify(BufferedImage image) throws Exception;

    /** The device the class is computed on, e.g. {@code cpu()}. */
    String device();

    /** The device its Grad-CAM map is computed on. */
    String camDevice();

    /** Whether every scored frame is classified, not only the flagged ones. */
    boolean allFrames();

    @Override
    void close();
}
