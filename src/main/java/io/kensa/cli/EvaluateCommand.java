package io.kensa.cli;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
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
    /** One line, {@code "key": value, …} as the text it replaced. */
    private static final ObjectWriter JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEntrySpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter()));

    /** The {@code --json} line: {@code image_auroc}, {@code pixel_auroc} (null without masks), … */
    record Report(double imageAuroc, Double pixelAuroc, double f1, double trainSeconds, double scoreMsPerImage,
                  double f1Max, double threshold, double backboneMs, double knnMs, double mapMs, int testGood,
                  int testDefect, int bankRows, String device) {}
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
                out.println(JSON.writeValueAsString(new Report(round(r.imageAuroc(), 4),
                        r.pixelAuroc().isPresent() ? round(r.pixelAuroc().getAsDouble(), 4) : null, round(r.f1(), 4),
                        round(trainSeconds, 2), round(r.scoreMsPerImage(), 1), round(r.f1Max(), 4), round(r.threshold(), 4),
                        round(r.backboneMs(), 1), round(r.knnMs(), 1), round(r.mapMs(), 1), r.goodImages(),
                        r.defectImages(), m.bankRows(), r.device())));
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

    /** The value to {@code decimals} places, as the text report prints it. */
    private static double round(double value, int decimals) {
        return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
