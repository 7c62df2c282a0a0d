package io.kensa.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.kensa.cam.CamAudit;
import io.kensa.cam.CamBackbone;
import io.kensa.cam.Faithfulness;
import io.kensa.cam.GradCam;
import io.kensa.detect.Backbone;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa cam …}: Grad-CAM audits on labelled sets. */
@Command(name = "cam", mixinStandardHelpOptions = true, description = "Grad-CAM audits (where the classifier looked).",
        subcommands = CamCommand.Audit.class)
public final class CamCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** The audit as {@code --json} prints it. */
    record AuditJson(String data, String stage, String scorer, String device, double insideThreshold,
                     List<ClassJson> classes) {}

    /** One class; the ROAD figures are left out with {@code --no-faithfulness}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClassJson(@JsonProperty("class") String label, int images, int masks, double meanInsideFraction,
                     Double roadDropMorf, Double roadDropLerf, Double roadMorfWins, List<OffTargetJson> offTarget) {}

    record OffTargetJson(String image, double insideFraction, double maskFraction, String explainedAs,
                         double probability) {}

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
                GradCam cam = GradCam.imagenet(camBackbone);
                List<CamAudit.ClassAudit> audit = CamAudit.run(cam, data, settings,
                        new StderrProgress(spec.commandLine().getErr()), () -> false);
                if (json) {
                    out.println(JSON.writeValueAsString(toJson(audit, cam)));
                } else {
                    print(out, audit, cam);
                }
            }
            return 0;
        }

        private void print(PrintWriter out, List<CamAudit.ClassAudit> audit, GradCam cam) {
            out.printf(Locale.ROOT, "Grad-CAM audit of %s, stage %s, ImageNet head, device %s%n", data, stage, cam.device());
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

        private AuditJson toJson(List<CamAudit.ClassAudit> audit, GradCam cam) {
            List<ClassJson> classes = audit.stream().map(a -> new ClassJson(a.label(), a.images(), a.withMask(),
                    a.meanInsideFraction(), a.faithfulness().map(Faithfulness.Report::meanDropMostRelevant).orElse(null),
                    a.faithfulness().map(Faithfulness.Report::meanDropLeastRelevant).orElse(null),
                    a.faithfulness().map(Faithfulness.Report::faithfulShare).orElse(null),
                    a.offTarget().stream().map(t -> new OffTargetJson(t.image().toString(), t.insideFraction(),
                            t.maskFraction(), t.className(), t.probability())).toList())).toList();
            return new AuditJson(data.toString(), stage, "imagenet", cam.device(), inside, classes);
        }
    }
}
