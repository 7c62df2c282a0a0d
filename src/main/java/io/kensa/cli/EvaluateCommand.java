package io.kensa.cli;

import io.kensa.detect.Backbone;
import io.kensa.detect.Evaluation;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.PatchCoreModel;
import io.kensa.inspect.DetectorModels;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa evaluate}: image/pixel AUROC, F1 and timings on an MVTec AD-layout test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score DIR/test with a model (trained on DIR/train/good when no --model is given) and print"
                + " image AUROC, pixel AUROC, F1 at the calibrated threshold and timings.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MVTec AD-layout folder.")
    Path data;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model file; default: train on DIR/train/good now.")
    Path model;

    /** Used when there is no --model. */
    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    BackboneOptions backboneOptions = new BackboneOptions();

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        MvtecDataset dataset = MvtecDataset.open(data, true);
        StderrProgress progress = new StderrProgress(err);
        try (Backbone backbone = backboneOptions.load()) {
            PatchCoreModel m;
            double trainSeconds;
            if (model != null) {
                m = PatchCoreModel.load(model, backbone);
                trainSeconds = m.summary().trainSeconds();
            } else {
                err.println("training on " + dataset.trainGood().size() + " good images (" + backbone.device() + ")");
                m = DetectorModels.train(backbone, dataset.trainGood(), training.settings(),
                        DetectorModels.CalibrationSet.HELD_OUT, progress, () -> false);
                trainSeconds = m.summary().trainSeconds();
            }
            Evaluation.Result r = Evaluation.evaluate(m, dataset.test(), progress, () -> false);
            if (json) {
                out.printf(Locale.ROOT, "{\"image_auroc\": %.4f, \"pixel_auroc\": %s, \"f1\": %.4f, \"train_seconds\": %.2f,"
                                + " \"score_ms_per_image\": %.1f, \"f1_max\": %.4f, \"threshold\": %.4f, \"backbone_ms\": %.1f,"
                                + " \"knn_ms\": %.1f, \"map_ms\": %.1f, \"test_good\": %d, \"test_defect\": %d,"
                                + " \"bank_rows\": %d, \"device\": \"%s\"}%n",
                        r.imageAuroc(), r.pixelAuroc().isPresent() ? String.format(Locale.ROOT, "%.4f", r.pixelAuroc().getAsDouble()) : "null",
                        r.f1(), trainSeconds, r.scoreMsPerImage(), r.f1Max(), r.threshold(), r.backboneMs(), r.knnMs(),
                        r.mapMs(), r.goodImages(), r.defectImages(), m.bankRows(), r.device());
            } else {
                out.printf(Locale.ROOT, "data          %s (%d good, %d defect test images)%n", data, r.goodImages(), r.defectImages());
                out.printf(Locale.ROOT, "image AUROC   %.4f%n", r.imageAuroc());
                out.printf(Locale.ROOT, "pixel AUROC   %s%n", r.pixelAuroc().isPresent()
                        ? String.format(Locale.ROOT, "%.4f", r.pixelAuroc().getAsDouble()) : "n/a (no masks)");
                out.printf(Locale.ROOT, "F1            %.4f at threshold %.4f (%s); best possible %.4f%n", r.f1(),
                        r.threshold(), m.calibration().method(), r.f1Max());
                out.printf(Locale.ROOT, "train         %.2f s, bank %d patches%n", trainSeconds, m.bankRows());
                out.printf(Locale.ROOT, "score         %.1f ms/image (backbone %.1f, kNN %.1f, map %.1f) on %s%n",
                        r.scoreMsPerImage(), r.backboneMs(), r.knnMs(), r.mapMs(), r.device());
            }
        }
        return 0;
    }
}
