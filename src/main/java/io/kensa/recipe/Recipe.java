package io.kensa.recipe;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one product on one line needs: where frames come from, how the detector is built and calibrated,
 * which prompt profile explains its findings, when frames go to the explainer, camera settings, and the defect
 * classifier when the recipe has one.
 * Every stored inspection names the recipe and its version.
 *
 * @param folder  the folder the recipe was read from (relative paths inside it resolve against it)
 */
public record Recipe(String name, int version, String title, Path folder, String source, DetectorSettings detector,
                     Path promptProfile, GateSettings gate, Map<String, String> camera,
                     Optional<ClassifierSettings> classifier) {
    public Recipe {
        camera = Collections.unmodifiableMap(new LinkedHashMap<>(camera)); // in the order the file lists them
        classifier = classifier == null ? Optional.empty() : classifier;
    }

    /**
     * @param model              a trained model bundle; empty = train from {@code trainImages} into the data folder on first use
     * @param calibrationImages  MVTec-layout test folder (good + defect subfolders) or plain good images, for the threshold
     * @param falseAlarmRate     the share of good parts allowed to be flagged when calibrating from good images alone
     * @param device             {@code auto}, {@code cpu} or {@code gpu}
     * @param tile               0: the whole frame is resized to the input; &gt;0: frames are scored in overlapping tiles
     *                           of this many pixels, so small defects on high-resolution frames are found
     */
    public record DetectorSettings(String backbone, Optional<Path> model, Path trainImages, Optional<Path> calibrationImages,
                                   int inputSize, double coreset, double falseAlarmRate, String device, int tile) {}

    /**
     * @param bandBelowThreshold  also explain frames whose score is within this fraction below the threshold (0 = only above)
     * @param queueCapacity       anomalous frames waiting for a decision before newer ones are counted as not reviewed
     */
    public record GateSettings(double bandBelowThreshold, int queueCapacity) {}

    /**
     * @param file       the trained classifier (see {@code kensa classify train}), relative to the recipe folder
     * @param allFrames  classify every frame the detector scores, not only the frames it flags (costs one more
     *                   forward pass per frame)
     * @param camStage   the backbone stage the Grad-CAM map is computed at ({@code feat_s8}, {@code feat_s16},
     *                   {@code last}): deeper is coarser and closer to the class decision
     */
    public record ClassifierSettings(Path file, boolean allFrames, String camStage) {}
}
