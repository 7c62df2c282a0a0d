package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** PatchCore on the shipped bottle images with the real backbone; one trained model shared by all tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatchCoreBottleTest {
    private Backbone backbone;
    private MvtecDataset data;
    private PatchCoreModel model;
    private final List<Detection> detections = new ArrayList<>();

    @BeforeAll
    void trainAndScore() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.AUTO);
        data = MvtecDataset.open(ShippedResources.demoBottle(), true);
        model = PatchCoreModel.train(backbone, data.trainGood(), TrainSettings.defaults(), Progress.NONE, () -> false);
        try (Detector detector = model.detector()) {
            for (LabelledImage t : data.test()) {
                detections.add(detector.detect(Images.read(t.image())));
            }
        }
    }

    @AfterAll
    void close() {
        backbone.close();
    }

    @Test
    void everyDefectImageScoresAboveTheGoodTestImagesMedian() {
        double[] good = scores(false);
        Arrays.sort(good);
        double median = (good[good.length / 2] + good[(good.length - 1) / 2]) / 2;
        for (int i = 0; i < data.test().size(); i++) {
            if (data.test().get(i).defective()) {
                assertTrue(detections.get(i).score() > median, data.test().get(i).image() + " scored "
                        + detections.get(i).score() + " <= good median " + median);
            }
        }
    }

    @Test
    void mapPeakLiesInsideTheDefectMaskForMostDefectImages() throws Exception {
        int inside = 0, total = 0;
        for (int i = 0; i < data.test().size(); i++) {
            LabelledImage t = data.test().get(i);
            if (!t.defective() || t.mask().isEmpty()) {
                continue;
            }
            AnomalyMap map = detections.get(i).map();
            boolean[] mask = Masks.read(t.mask().get(), map.width(), map.height());
            int peak = 0;
            for (int p = 1; p < map.values().length; p++) {
                if (map.values()[p] > map.values()[peak]) {
                    peak = p;
                }
            }
            // the peak may sit on the mask's rim: accept a hit within 4 map pixels
            inside += near(mask, map.width(), map.height(), peak, 4) ? 1 : 0;
            total++;
        }
        assertTrue(inside >= 0.8 * total, inside + " of " + total + " peaks inside the defect mask");
    }

    @Test
    void imageAndPixelAurocReachTheReferenceBar() throws Exception {
        Evaluation.Result r = Evaluation.metrics(data.test(), detections);
        assertTrue(r.imageAuroc() >= 0.98, "image AUROC " + r.imageAuroc());
        assertTrue(r.pixelAuroc().orElseThrow() >= 0.96, "pixel AUROC " + r.pixelAuroc());
        assertTrue(r.f1() >= 0.85, "F1 at the calibrated threshold " + r.f1());
    }

    @Test
    void coresetKeepsAurocWithinOnePointOfTheFullBank() throws Exception {
        List<LabelledImage> subset = new ArrayList<>();
        List<Detection> coresetDetections = new ArrayList<>();
        for (int i = 0; i < data.test().size(); i++) {
            if (!data.test().get(i).defective() || i % 3 == 0) {
                subset.add(data.test().get(i));
                coresetDetections.add(detections.get(i));
            }
        }
        PatchCoreModel full = PatchCoreModel.train(backbone, data.trainGood(),
                TrainSettings.defaults().withCoresetRatio(1).withHoldOutFraction(0.07), Progress.NONE, () -> false);
        double fullAuroc = Evaluation.evaluate(full, subset, Progress.NONE, () -> false).imageAuroc();
        double coresetAuroc = Evaluation.metrics(subset, coresetDetections).imageAuroc();
        assertEquals(30 * 32 * 32, full.bankRows());
        assertEquals(3072, model.bankRows());
        assertTrue(coresetAuroc >= fullAuroc - 0.01, "coreset " + coresetAuroc + " vs full bank " + fullAuroc);
    }

    @Test
    void savedAndLoadedModelGivesIdenticalScores(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bottle.kensa-model");
        model.save(file);
        PatchCoreModel loaded = PatchCoreModel.load(file, backbone);
        assertEquals(model.calibration(), loaded.calibration());
        assertEquals(model.settings(), loaded.settings());
        assertEquals(model.summary(), loaded.summary());
        try (Detector a = model.detector(); Detector b = loaded.detector()) {
            for (int i = 0; i < data.test().size(); i += 20) {
                BufferedImage image = Images.read(data.test().get(i).image());
                Detection da = a.detect(image), db = b.detect(image);
                assertEquals(da.score(), db.score(), 0.0);
                assertArrayEquals(da.map().values(), db.map().values(), 0f);
            }
        }
    }

    @Test
    void aModelTrainedWithAnotherBackboneIsRefusedWithBothChecksums(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.kensa-model");
        model.save(file);
        Path edited = withManifest(file, dir.resolve("edited.kensa-model"), json -> json.replace(backbone.sha256(), "0".repeat(64)));
        String m = org.junit.jupiter.api.Assertions.assertThrows(DetectException.class,
                () -> PatchCoreModel.load(edited, backbone)).getMessage();
        assertTrue(m.contains(edited.toString()) && m.contains("0".repeat(64)) && m.contains(backbone.sha256()), m);
    }

    @Test
    void aModelFromAnEarlierPreprocessingIsRefusedWithRetrain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("current.kensa-model");
        model.save(file);
        Path older = withManifest(file, dir.resolve("older.kensa-model"),
                json -> json.replaceAll("\"preprocessing\": \\d+,", ""));
        String m = org.junit.jupiter.api.Assertions.assertThrows(DetectException.class,
                () -> PatchCoreModel.load(older, backbone)).getMessage();
        assertTrue(m.contains("preprocessing 1") && m.contains("Retrain"), m);
    }

    /** A copy of a model bundle with its model.json changed. */
    private static Path withManifest(Path from, Path to, java.util.function.UnaryOperator<String> change) throws Exception {
        try (var in = new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(from));
             var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(to))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("model.json")) {
                    String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    String changed = change.apply(json);
                    assertFalse(changed.equals(json), "the change applies");
                    bytes = changed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return to;
    }

    @Test
    void aModelIsRefusedWithADescriptorThatGivesOtherFeaturesFromTheSameWeights(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bottle.kensa-model");
        model.save(file);
        Path shipped = ShippedResources.mobilenetV2();
        Path other = dir.resolve("other-normalisation");
        java.nio.file.Files.createDirectories(other);
        java.nio.file.Files.copy(shipped.resolve("mobilenet_v2_imagenet.pt"), other.resolve("mobilenet_v2_imagenet.pt"));
        java.nio.file.Files.writeString(other.resolve("backbone.json"), java.nio.file.Files.readString(shipped.resolve("backbone.json"))
                .replace("\"name\": \"mobilenet_v2_imagenet\"", "\"name\": \"plain-mobilenet\"")
                .replace("[0.485, 0.456, 0.406]", "[0, 0, 0]").replace("[0.229, 0.224, 0.225]", "[1, 1, 1]"));
        try (Backbone plain = Backbone.load(other.resolve("backbone.json"), DeviceSetting.CPU)) {
            assertEquals(backbone.sha256(), plain.sha256(), "same weights");
            String m = org.junit.jupiter.api.Assertions.assertThrows(DetectException.class,
                    () -> PatchCoreModel.load(file, plain)).getMessage();
            assertTrue(m.contains("normalisation differs") && m.contains("plain-mobilenet"), m);
        }
        assertEquals(model.bankRows(), PatchCoreModel.load(file, backbone).bankRows(), "its own backbone still loads it");
    }

    @Test
    void trainingCanBeCancelled() {
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> PatchCoreModel.train(backbone, data.trainGood(), TrainSettings.defaults(), Progress.NONE, () -> true));
    }

    @Test
    void detectionsCarryRegionsInFramePixelsLargestFirstAndAFixedColourScale() {
        Detection worst = detections.stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
        assertTrue(worst.anomalous());
        assertFalse(worst.regions().isEmpty());
        for (int i = 1; i < worst.regions().size(); i++) {
            assertTrue(worst.regions().get(i - 1).area() >= worst.regions().get(i).area());
        }
        for (Region r : worst.regions()) {
            assertTrue(r.x() >= 0 && r.y() >= 0 && r.x() + r.width() <= 320 && r.y() + r.height() <= 320, r.toString());
            assertTrue(r.peak() > worst.threshold());
        }
        for (Detection d : detections) {
            assertEquals(model.calibration().colourLow(), d.colourLow());
            assertEquals(model.calibration().colourHigh(), d.colourHigh());
            assertEquals(320, d.frameWidth());
        }
        assertTrue(model.calibration().colourLow() < worst.threshold() && worst.threshold() < model.calibration().colourHigh());
    }

    @Test
    void heatmapAndOutlinesFollowTheMapAtTheRequestedSize() {
        Detection worst = detections.stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
        BufferedImage heat = HeatmapRenderer.heatmap(worst, 640, 480, ColourMap.INFERNO, 0.6);
        assertEquals(640, heat.getWidth());
        assertEquals(480, heat.getHeight());
        assertEquals(BufferedImage.TYPE_INT_ARGB, heat.getType());
        int maxAlpha = 0;
        for (int y = 0; y < 480; y += 7) {
            for (int x = 0; x < 640; x += 7) {
                maxAlpha = Math.max(maxAlpha, heat.getRGB(x, y) >>> 24);
            }
        }
        assertEquals(153, maxAlpha, 1);
        BufferedImage lines = HeatmapRenderer.outlines(worst, 320, 320, 0xffff0000);
        int drawn = 0;
        for (int y = 0; y < 320; y++) {
            for (int x = 0; x < 320; x++) {
                if (lines.getRGB(x, y) == 0xffff0000) {
                    drawn++;
                    int px = x, py = y;
                    assertTrue(worst.regions().stream().anyMatch(r -> px >= r.x() - 2 && px <= r.x() + r.width() + 1
                            && py >= r.y() - 2 && py <= r.y() + r.height() + 1), "outline pixel " + x + "," + y);
                }
            }
        }
        assertTrue(drawn > 0);
    }

    private double[] scores(boolean defective) {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < data.test().size(); i++) {
            if (data.test().get(i).defective() == defective) {
                s.add(detections.get(i).score());
            }
        }
        return s.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static boolean near(boolean[] mask, int w, int h, int p, int radius) {
        int px = p % w, py = p / w;
        for (int y = Math.max(0, py - radius); y <= Math.min(h - 1, py + radius); y++) {
            for (int x = Math.max(0, px - radius); x <= Math.min(w - 1, px + radius); x++) {
                if (mask[y * w + x]) {
                    return true;
                }
            }
        }
        return false;
    }
}
