package io.kensa.cam;

import io.kensa.detect.DetectException;
import io.kensa.detect.Images;
import io.kensa.detect.LabelledImage;
import io.kensa.detect.Masks;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.Progress;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The global Grad-CAM audit of a labelled set in MVTec layout ({@code DIR/test/<class>/},
 * {@code DIR/ground_truth/<class>/<name>_mask.png}): per class folder, the mean CAM on a common grid, the share of
 * CAM energy inside the defect mask, and the images where the CAM falls mostly outside it (the model looked at the
 * wrong thing), for QA. A folder named like a scorer class is explained as that class, others as the predicted one.
 */
public final class CamAudit {
    private CamAudit() {}

    /**
     * @param stage           Grad-CAM stage, e.g. {@code feat_s16}
     * @param mapSize         side of the common grid the mean CAM and the mask overlap are computed on
     * @param insideThreshold an image whose CAM energy inside its mask is below this share is listed as off target
     * @param faithfulness    also run the ROAD check per image (about 9 extra forwards each)
     */
    public record Settings(String stage, int mapSize, double insideThreshold, boolean faithfulness) {
        public static Settings defaults() {
            return new Settings("feat_s16", 64, 0.3, true);
        }

        public Settings withStage(String s) {
            return new Settings(s, mapSize, insideThreshold, faithfulness);
        }

        public Settings withFaithfulness(boolean f) {
            return new Settings(stage, mapSize, insideThreshold, f);
        }
    }

    /**
     * An image whose CAM lies mostly outside its defect mask.
     *
     * @param insideFraction share of CAM energy (sum of the ReLU'd map) inside the mask; 0 when the map is empty
     * @param maskFraction   share of the image the mask covers (the chance level of {@code insideFraction})
     * @param cam            the image's CAM min-max normalised on the audit grid ({@code mapSize²}, row-major), to
     *                       show QA where the model looked
     */
    public record OffTarget(Path image, Path mask, int classIndex, String className, double probability,
                            double insideFraction, double maskFraction, float[] cam) {}

    /**
     * One class folder.
     *
     * @param meanCam            mean of the images' normalised CAMs, {@code mapSize×mapSize} row-major
     * @param meanInsideFraction mean CAM energy share inside the mask over the images that have a mask (NaN if none)
     * @param offTarget          images below the threshold, lowest share first
     * @param faithfulness       ROAD result over the folder's images, when asked for
     */
    public record ClassAudit(String label, int images, int withMask, int mapSize, float[] meanCam,
                             double meanInsideFraction, List<OffTarget> offTarget,
                             Optional<Faithfulness.Report> faithfulness) {
        public ClassAudit {
            offTarget = List.copyOf(offTarget);
        }
    }

    public static List<ClassAudit> run(GradCam cam, Path dataDir, Settings settings, Progress progress,
                                       BooleanSupplier cancelled) throws CamException {
        if (settings.mapSize() < 4 || !(settings.insideThreshold() > 0 && settings.insideThreshold() < 1)) {
            throw new CamException("Audit settings " + settings + " are not usable: mapSize must be at least 4 and the"
                    + " inside threshold between 0 and 1 (e.g. 64 and 0.3).");
        }
        cam.backbone().layer(settings.stage());
        MvtecDataset data;
        try {
            data = MvtecDataset.open(dataDir, false);
        } catch (DetectException e) {
            throw new CamException(e.getMessage(), e);
        }
        Map<String, List<LabelledImage>> byClass = data.byCategory();
        if (byClass.isEmpty()) {
            throw new CamException("Folder " + dataDir.resolve("test") + " has no class folders with images; the audit"
                    + " needs test/<class>/ (MVTec layout) with ground_truth/<class>/<name>_mask.png for defects.");
        }
        int total = byClass.values().stream().mapToInt(List::size).sum(), done = 0;
        int n = settings.mapSize();
        List<ClassAudit> out = new ArrayList<>();
        for (Map.Entry<String, List<LabelledImage>> e : byClass.entrySet()) {
            String label = e.getKey();
            int own = cam.classes().indexOf(label);
            OptionalInt target = own >= 0 ? OptionalInt.of(own) : OptionalInt.empty();
            float[] mean = new float[n * n];
            double insideSum = 0;
            int withMask = 0;
            List<OffTarget> off = new ArrayList<>();
            List<Faithfulness.Score> scores = new ArrayList<>();
            for (LabelledImage li : e.getValue()) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("Grad-CAM audit of " + dataDir + " was cancelled");
                }
                progress.update((double) done / total, "Grad-CAM audit: " + label + "/" + li.image().getFileName());
                BufferedImage frame = read(li.image());
                GradCam.Raw raw = cam.raw(CamInput.scaled(frame, cam.inputSize()), List.of(settings.stage()), target);
                GradCam.Grid g = raw.grids().get(settings.stage());
                float[] map = CamMaps.resize(g.values(), g.width(), g.height(), n, n);
                float[] norm = CamMaps.normalised(map);
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += norm[i] / e.getValue().size();
                }
                if (li.mask().isPresent()) {
                    boolean[] mask = masks(li.mask().get(), n);
                    double in = 0, all = 0;
                    int covered = 0;
                    for (int i = 0; i < map.length; i++) {
                        all += map[i];
                        if (mask[i]) {
                            in += map[i];
                            covered++;
                        }
                    }
                    double inside = all > 0 ? in / all : 0;
                    insideSum += inside;
                    withMask++;
                    if (inside < settings.insideThreshold()) {
                        off.add(new OffTarget(li.image(), li.mask().get(), raw.classIndex(),
                                cam.classes().get(raw.classIndex()), raw.probability(), inside, covered / (double) map.length,
                                norm));
                    }
                }
                if (settings.faithfulness()) {
                    scores.add(Faithfulness.score(cam, frame, settings.stage(), target));
                }
                done++;
            }
            off.sort(java.util.Comparator.comparingDouble(OffTarget::insideFraction));
            out.add(new ClassAudit(label, e.getValue().size(), withMask, n, mean,
                    withMask > 0 ? insideSum / withMask : Double.NaN, off,
                    settings.faithfulness() ? Optional.of(Faithfulness.pooled(label, scores)) : Optional.empty()));
        }
        progress.update(1, "Grad-CAM audit done: " + total + " images");
        return out;
    }

    private static BufferedImage read(Path p) throws CamException {
        try {
            return Images.read(p);
        } catch (DetectException e) {
            throw new CamException(e.getMessage(), e);
        }
    }

    private static boolean[] masks(Path p, int n) throws CamException {
        try {
            return Masks.read(p, n, n);
        } catch (DetectException e) {
            throw new CamException(e.getMessage(), e);
        }
    }
}
