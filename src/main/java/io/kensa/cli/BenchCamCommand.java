package io.kensa.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.kensa.cam.CamBackbone;
import io.kensa.cam.GradCam;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.Images;
import io.kensa.detect.LabelledImage;
import io.kensa.detect.MvtecDataset;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa bench cam}: Grad-CAM ms per frame by stage (forward + backward + map), against the plain forward. */
@Command(name = "cam", mixinStandardHelpOptions = true,
        description = "Measure Grad-CAM speed per frame for each stage (p50/p95 ms) and the plain backbone forward.")
public final class BenchCamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "MVTec AD-layout folder (default: the shipped bottle images).")
    Path data;

    @Option(names = "--input-size", defaultValue = "224", description = "Model input side (default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--frames", defaultValue = "30", description = "Frames to time per measurement after warm-up (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--warmup", defaultValue = "20",
            description = "Untimed frames before each measurement: libtorch's TorchScript executor re-optimises the graph"
                    + " over the first runs of each kind of pass (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--frame-size", paramLabel = "WxH",
            description = "Scale the frames to this size first, e.g. 1280x1024 (default: as stored).")
    String frameSize;

    @Mixin
    BackboneOptions backboneOptions = new BackboneOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        MvtecDataset dataset = MvtecDataset.open(data == null ? ShippedResources.demoBottle() : data, false);
        List<Path> sources = new ArrayList<>(dataset.test().stream().map(LabelledImage::image).toList());
        if (sources.isEmpty()) {
            sources.addAll(dataset.trainGood());
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Path p : sources.subList(0, Math.min(10, sources.size()))) {
            images.add(resize(Images.read(p)));
        }
        Path descriptor = backboneOptions.descriptor();
        try (Backbone backbone = backboneOptions.load(); CamBackbone camBackbone = CamBackbone.load(descriptor, backbone)) {
            GradCam cam = GradCam.imagenet(camBackbone).withInputSize(inputSize);
            out.printf(Locale.ROOT, "frame         %dx%d -> %d px input, device %s, %d frames per line (p50 / p95 ms)%n",
                    images.get(0).getWidth(), images.get(0).getHeight(), inputSize, cam.device(), frames);
            List<String> names = new ArrayList<>();
            List<Work> works = new ArrayList<>();
            names.add("plain forward (detector's backbone)");
            works.add(f -> {
                try (NDManager m = backbone.newManager()) {
                    backbone.forward(m.randomUniform(0, 1, new Shape(1, 3, inputSize, inputSize))).get(0).toFloatArray();
                }
            });
            for (String stage : cam.stages()) {
                names.add("grad-cam " + stage);
                works.add(f -> cam.explain(f, stage));
            }
            names.add("grad-cam all " + cam.stages().size() + " stages, one pass");
            works.add(f -> cam.explainAll(f, cam.stages(), OptionalInt.empty()));
            double[][] ms = time(images, works);
            for (int k = 0; k < names.size(); k++) {
                print(out, names.get(k), ms[k]);
            }
            double plainMean = Arrays.stream(ms[0]).average().orElseThrow();
            double lastMean = Arrays.stream(ms[cam.stages().indexOf("last") + 1]).average().orElseThrow();
            out.printf(Locale.ROOT, "sustained     %.1f Grad-CAM frames/s (stage last, mean %.1f ms), plain forward %.1f frames/s%n",
                    1000 / lastMean, lastMean, 1000 / plainMean);
        }
        return 0;
    }

    private interface Work {
        void run(BufferedImage frame) throws Exception;
    }

    /** Each work in turn on the same frame, round-robin, so a change in machine load hits every line alike. */
    private double[][] time(List<BufferedImage> images, List<Work> works) throws Exception {
        for (int i = 0; i < warmup; i++) {
            for (Work w : works) {
                w.run(images.get(i % images.size()));
            }
        }
        double[][] ms = new double[works.size()][frames];
        for (int i = 0; i < frames; i++) {
            for (int k = 0; k < works.size(); k++) {
                long t = System.nanoTime();
                works.get(k).run(images.get(i % images.size()));
                ms[k][i] = (System.nanoTime() - t) / 1e6;
            }
        }
        return ms;
    }

    private static void print(PrintWriter out, String what, double[] ms) {
        out.printf(Locale.ROOT, "%-38s %7.1f / %7.1f%n", what, percentile(ms, 50), percentile(ms, 95));
    }

    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    private BufferedImage resize(BufferedImage img) {
        if (frameSize == null) {
            return img;
        }
        String[] wh = frameSize.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--frame-size '" + frameSize + "' is not WxH, e.g. 1280x1024.");
        }
        int w = Integer.parseInt(wh[0].trim()), h = Integer.parseInt(wh[1].trim());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
