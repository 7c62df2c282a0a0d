package io.kensa.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.kensa.cam.CamAudit;
import io.kensa.cam.CamBackbone;
import io.kensa.cam.CamException;
import io.kensa.cam.ClassifierHead;
import io.kensa.cam.ClassifierTraining;
import io.kensa.cam.Faithfulness;
import io.kensa.cam.GradCam;
import io.kensa.cam.Prototypes;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa cam …}: Grad-CAM audits and class prototypes on labelled sets. */
@Command(name = "cam", mixinStandardHelpOptions = true,
        description = "Grad-CAM audits (where the classifier looked) and class prototypes.",
        subcommands = {CamCommand.Audit.class, CamCommand.PrototypesCommand.class})
public final class CamCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** The audit as {@code --json} prints it. */
    record AuditJson(String data, String stage, String scorer, String device, double insideThreshold, int images,
                     double seconds, double msPerImage, List<ClassJson> classes) {}

    /** One class; the ROAD figures are left out with {@code --no-faithfulness}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClassJson(@JsonProperty("class") String label, int images, int masks, double meanInsideFraction,
                     Double roadDropMorf, Double roadDropLerf, Double roadMorfWins, List<OffTargetJson> offTarget) {}

    record OffTargetJson(String image, double insideFraction, double maskFraction, String explainedAs,
                         double probability) {}

    /** The prototypes as {@code --json} prints them. */
    record PrototypesJson(String data, String classifier, String device, int size, int steps, double activationWeight,
                          double secondsPerClass, List<PrototypeJson> classes) {}

    record PrototypeJson(@JsonProperty("class") String className, String image, double probability,
                         double activationDistance, double seconds, List<NeighbourJson> nearest) {}

    record NeighbourJson(String image, double similarity) {}

    /** A trained classifier head on the Grad-CAM twin, at the head's input size. */
    static GradCam head(Path file, CamBackbone camBackbone, Backbone backbone) throws CamException {
        return GradCam.forClassifier(camBackbone, ClassifierHead.load(file, backbone));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code kensa cam audit --data DIR}: per class mean CAM inside the defect masks, off-target images, ROAD. */
    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "For an MVTec-layout set (test/<class>/, ground_truth/<class>/*_mask.png): per class the share"
                    + " of Grad-CAM energy inside the defect mask, the images where it falls mostly outside, and the ROAD"
                    + " faithfulness check. Scorer: the backbone's ImageNet head (a trained classifier head comes with"
                    + " the classifier).")
    static final class Audit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "MVTec AD-layout folder.")
        Path data;

        @Option(names = "--stage", defaultValue = "feat_s16", description = "Grad-CAM stage: feat_s8, feat_s16 or last (default: ${DEFAULT-VALUE}).")
        String stage;

        @Option(names = "--inside", defaultValue = "0.3", description = "List images with less than this share of CAM energy inside the mask (default: ${DEFAULT-VALUE}).")
        double inside;

        @Option(names = "--no-faithfulness", description = "Skip the ROAD check (about 9 extra forwards per image).")
        boolean noFaithfulness;

        @Option(names = "--classifier", paramLabel = "FILE",
                description = "Trained classifier head to audit (from 'kensa classify train'; default: the backbone's"
                        + " ImageNet head).")
        Path classifier;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Mixin
        BackboneOptions backboneOptions = new BackboneOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            CamAudit.Settings settings = new CamAudit.Settings(stage, 64, inside, !noFaithfulness);
            try (Backbone backbone = backboneOptions.load();
                 CamBackbone camBackbone = CamBackbone.load(backboneOptions.descriptor(), backbone)) {
                GradCam cam = classifier == null ? GradCam.imagenet(camBackbone) : head(classifier, camBackbone, backbone);
                long t0 = System.nanoTime();
                List<CamAudit.ClassAudit> audit = CamAudit.run(cam, data, settings,
                        new StderrProgress(spec.commandLine().getErr()), () -> false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (json) {
                    out.println(JSON.writeValueAsString(toJson(audit, cam, seconds)));
                } else {
                    print(out, audit, cam, seconds);
                }
            }
            return 0;
        }

        private String scorer() {
            return classifier == null ? "imagenet" : classifier.toString();
        }

        private void print(PrintWriter out, List<CamAudit.ClassAudit> audit, GradCam cam, double seconds) {
            int images = audit.stream().mapToInt(CamAudit.ClassAudit::images).sum();
            out.printf(Locale.ROOT, "Grad-CAM audit of %s, stage %s, scorer %s, device %s: %d images in %.1f s (%.0f ms"
                    + " each)%n", data, stage, scorer(), cam.device(), images, seconds, 1000 * seconds / Math.max(1, images));
            for (CamAudit.ClassAudit a : audit) {
                out.printf(Locale.ROOT, "%-20s %3d images, %3d masks, CAM energy inside mask %s, %d off target (< %.2f)%s%n",
                        a.label(), a.images(), a.withMask(),
                        Double.isNaN(a.meanInsideFraction()) ? "  -  " : String.format(Locale.ROOT, "%.3f", a.meanInsideFraction()),
                        a.offTarget().size(), inside,
                        a.faithfulness().map(f -> String.format(Locale.ROOT, ", ROAD drop MoRF %.3f vs LeRF %.3f (MoRF > LeRF on %.0f%%)",
                                f.meanDropMostRelevant(), f.meanDropLeastRelevant(), 100 * f.faithfulShare())).orElse(""));
                for (CamAudit.OffTarget o : a.offTarget()) {
                    out.printf(Locale.ROOT, "    %s  inside %.3f (mask covers %.3f), explained as %s p=%.2f%n",
                            data.relativize(o.image()), o.insideFraction(), o.maskFraction(), o.className(), o.probability());
                }
            }
        }

        private AuditJson toJson(List<CamAudit.ClassAudit> audit, GradCam cam, double seconds) {
            List<ClassJson> classes = audit.stream().map(a -> new ClassJson(a.label(), a.images(), a.withMask(),
                    a.meanInsideFraction(), a.faithfulness().map(Faithfulness.Report::meanDropMostRelevant).orElse(null),
                    a.faithfulness().map(Faithfulness.Report::meanDropLeastRelevant).orElse(null),
                    a.faithfulness().map(Faithfulness.Report::faithfulShare).orElse(null),
                    a.offTarget().stream().map(t -> new OffTargetJson(t.image().toString(), t.insideFraction(),
                            t.maskFraction(), t.className(), t.probability())).toList())).toList();
            int images = audit.stream().mapToInt(CamAudit.ClassAudit::images).sum();
            return new AuditJson(data.toString(), stage, scorer(), cam.device(), inside, images, seconds,
                    1000 * seconds / Math.max(1, images), classes);
        }
    }

    /** {@code kensa cam prototypes --data DIR --out DIR}: one image per class of a trained classifier head. */
    @Command(name = "prototypes", mixinStandardHelpOptions = true,
            description = "One image per class of a trained classifier by gradient ascent on the class's"
                    + " log-probability from the mean of real images of the class in DIR (DIR/<class>/ or"
                    + " DIR/test/<class>/), kept close to their activations;"
                    + " writes OUT/<class>.png and prints each prototype's probability, activation distance and its"
                    + " most similar real images.")
    static final class PrototypesCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labelled folder of real images.")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the prototypes are written to.")
        Path out;

        @Option(names = "--classifier", paramLabel = "FILE",
                description = "Classifier head (from 'kensa classify train'; default: the shipped bottle recipe's).")
        Path classifier;

        @Option(names = "--per-class", defaultValue = "8", description = "Real images per class to regularise towards (default: ${DEFAULT-VALUE}).")
        int perClass;

        @Option(names = "--size", paramLabel = "PIXELS",
                description = "Prototype side in pixels (default: the classifier's input size, where its probabilities"
                        + " mean what they mean on the line).")
        Integer size;

        @Option(names = "--steps", defaultValue = "" + Prototypes.Settings.DEFAULT_STEPS,
                description = "Gradient steps per class (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--activation-weight", defaultValue = "1.0",
                description = "Weight of the activation regulariser; 0 = unregularised (default: ${DEFAULT-VALUE}).")
        double activationWeight;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Mixin
        BackboneOptions backboneOptions = new BackboneOptions();

        @Override
        public Integer call() throws Exception {
            Path headFile = classifier != null ? classifier
                    : ShippedResources.resolve("recipes/bottle/classifier.json");
            Prototypes.Settings defaults = Prototypes.Settings.defaults().withIterations(steps)
                    .withActivationWeight(activationWeight);
            Prototypes.Settings settings = size == null ? defaults : defaults.withSize(size);
            ClassifierTraining.LabelledSet set = ClassifierTraining.open(data);
            Files.createDirectories(out);
            try (CtrlC ctrlC = new CtrlC("cam-prototypes-cancel");
                 Backbone backbone = backboneOptions.load();
                 CamBackbone camBackbone = CamBackbone.load(backboneOptions.descriptor(), backbone)) {
                GradCam cam = head(headFile, camBackbone, backbone);
                List<Prototypes.ClassPrototype> made = Prototypes.ofSet(cam, set, perClass, settings,
                        new StderrProgress(spec.commandLine().getErr()), ctrlC::pressed);
                double perClassSeconds = made.stream().mapToDouble(Prototypes.ClassPrototype::seconds).average().orElse(0);
                List<PrototypeJson> rows = new ArrayList<>();
                for (int i = 0; i < made.size(); i++) {
                    Prototypes.ClassPrototype c = made.get(i);
                    Path file = out.resolve(c.prototype().className() + ".png");
                    ImageIO.write(c.prototype().image(), "png", file.toFile());
                    rows.add(new PrototypeJson(c.prototype().className(), file.toString(), c.prototype().probability(),
                            c.prototype().activationDistance(), c.seconds(), c.prototype().nearest().stream()
                                    .map(n -> new NeighbourJson(c.realImages().get(n.index()).toString(), n.similarity()))
                                    .toList()));
                }
                PrototypesJson result = new PrototypesJson(data.toString(), headFile.toString(), cam.device(),
                        settings.size().orElse(cam.inputSize()), steps, activationWeight, perClassSeconds, rows);
                PrintWriter w = spec.commandLine().getOut();
                if (json) {
                    w.println(JSON.writeValueAsString(result));
                } else {
                    print(w, result);
                }
            } catch (CancellationException e) {
                spec.commandLine().getErr().println("kensa: " + e.getMessage() + "; no prototype was written.");
                return 1;
            }
            return 0;
        }

        private static void print(PrintWriter w, PrototypesJson r) {
            w.printf(Locale.ROOT, "Prototypes of %s (%d px, %d steps, activation weight %.2f) on %s, %.1f s per class%n",
                    r.classifier(), r.size(), r.steps(), r.activationWeight(), r.device(), r.secondsPerClass());
            for (PrototypeJson p : r.classes()) {
                w.printf(Locale.ROOT, "%-16s p=%.3f activation distance %.2f -> %s%n", p.className(), p.probability(),
                        p.activationDistance(), p.image());
                for (NeighbourJson n : p.nearest()) {
                    w.printf(Locale.ROOT, "    similar: %s (%.3f)%n", n.image(), n.similarity());
                }
            }
        }
    }
}
