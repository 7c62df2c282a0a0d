package io.kensa.cli;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.Detection;
import io.kensa.detect.Detector;
import io.kensa.detect.Images;
import io.kensa.detect.LabelledImage;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.DetectorModels;
import io.kensa.store.Folders;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa bench detect}: PatchCore speed per frame on this machine, and optionally training speed. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Measure PatchCore scoring speed (ms per frame for backbone, kNN, map; frames/s) and training time.")
public final class BenchDetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "MVTec AD-layout folder (default: the shipped bottle images).")
    Path data;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--frames", defaultValue = "60", description = "Frames to time after warm-up (default: ${DEFAULT-VALUE}).")
    int frames;


    @Option(names = "--train-images", defaultValue = "0", paramLabel = "N",
            description = "Also time training on N good images, made from train/good by flips and rotations when"
                    + " there are fewer (0 = train on train/good as is).")
    int trainImages;

    @Mixin
    BackboneOptions backboneOptions = new BackboneOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MvtecDataset dataset = MvtecDataset.open(data == null ? ShippedResources.demoBottle() : data, false);
        TrainSettings settings = training.settings();
        StderrProgress progress = new StderrProgress(err);
        Path augmented = null;
        try (Backbone backbone = backboneOptions.load()) {
            List<Path> good = dataset.trainGood();
            if (trainImages > good.size()) {
                augmented = Files.createTempDirectory("kensa-bench-train");
                good = augment(good, trainImages, augmented);
            }
            PatchCoreModel model = DetectorModels.train(backbone, good, settings, DetectorModels.CalibrationSet.HELD_OUT,
                    progress, () -> false);
            out.printf(Locale.ROOT, "train         %d images at %d px, coreset %.2f: %.1f s (bank %d of %d patches)%n",
                    good.size(), settings.inputSize(), settings.coresetRatio(), model.summary().trainSeconds(), model.bankRows(), model.summary().patches());
            List<BufferedImage> images = new ArrayList<>();
            List<Path> sources = new ArrayList<>(dataset.test().stream().map(LabelledImage::image).toList());
            if (sources.isEmpty()) {
                sources.addAll(dataset.trainGood());
            }
            for (Path p : sources.subList(0, Math.min(20, sources.size()))) {
                images.add(Images.read(p));
            }
            double backboneMs = 0, knnMs = 0, mapMs = 0;
            String device = "";
            try (Detector detector = model.detector()) {
                for (int i = 0; i < 5; i++) {
                    detector.detect(images.get(i % images.size()));
                }
                long start = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    Detection d = detector.detect(images.get(i % images.size()));
                    backboneMs += d.timings().backboneMs();
                    knnMs += d.timings().nearestNeighbourMs();
                    mapMs += d.timings().mapMs();
                    device = d.device();
                }
                double wallMs = (System.nanoTime() - start) / 1e6 / frames;
                out.printf(Locale.ROOT, "frame         %dx%d -> %d px input, bank %d patches, device %s%n",
                        images.get(0).getWidth(), images.get(0).getHeight(), settings.inputSize(), model.bankRows(), device);
                out.printf(Locale.ROOT, "ms per frame  backbone %.1f, kNN %.1f, map %.1f, total %.1f (wall %.1f)%n",
                        backboneMs / frames, knnMs / frames, mapMs / frames, (backboneMs + knnMs + mapMs) / frames, wallMs);
                out.printf(Locale.ROOT, "frames/s      %.1f%n", 1000 / wallMs);
            }
        } finally {
            if (augmented != null) {
                Folders.deleteTree(augmented);
            }
        }
        return 0;
    }

    /** {@code count} images from {@code source}: originals, then mirrored and rotated copies. */
    private static List<Path> augment(List<Path> source, int count, Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path src = source.get(i % source.size());
            int variant = i / source.size();
            BufferedImage img = Images.read(src);
            BufferedImage v = variant == 0 ? img : transform(img, variant);
            Path f = dir.resolve(String.format(Locale.ROOT, "%04d.png", i));
            ImageIO.write(v, "png", f.toFile());
            files.add(f);
        }
        return files;
    }

    private static BufferedImage transform(BufferedImage img, int variant) {
        int w = img.getWidth(), h = img.getHeight();
        AffineTransform t = new AffineTransform();
        if ((variant & 1) == 1) {
            t.translate(w, 0);
            t.scale(-1, 1);
        }
        t.rotate(Math.toRadians(90 * (variant / 2 % 4)) + Math.toRadians(3 * (variant / 8)), w / 2.0, h / 2.0);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_BILINEAR).filter(redraw(img, BufferedImage.TYPE_INT_RGB), out);
        // copies stay the kind of image the originals are: a model never mixes grey and colour training images
        return Images.isGrey(img) ? redraw(out, BufferedImage.TYPE_BYTE_GRAY) : out;
    }

    private static BufferedImage redraw(BufferedImage img, int type) {
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), type);
        java.awt.Graphics2D g = copy.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return copy;
    }
}
