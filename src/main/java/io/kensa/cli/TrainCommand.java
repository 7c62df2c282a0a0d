package io.kensa.cli;

import io.kensa.detect.Backbone;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.PatchCoreModel;
import io.kensa.inspect.DetectorModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kensa train}: PatchCore on {@code DIR/train/good}, saved as one model file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a PatchCore model on the good images of an MVTec AD-layout folder (DIR/train/good).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MVTec AD-layout folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
    Path out;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--calibrate-on-test",
            description = "Calibrate F1-optimally on DIR/test (good + defects + masks) instead of held-out good images.")
    boolean calibrateOnTest;

    @Option(names = "--add-to", paramLabel = "MODEL",
            description = "Add DIR/train/good to this trained model's memory bank (seconds, no refit; the calibration is kept) and write --out.")
    Path addTo;

    @Mixin
    BackboneOptions backboneOptions = new BackboneOptions();

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        if (addTo != null) {
            List<String> ignored = java.util.stream.Stream.of(TrainingOptions.NAMES)
                    .filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
            if (!ignored.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", ignored)
                        + " cannot be used with --add-to: the images are added with the model's own settings. Drop "
                        + (ignored.size() == 1 ? "it" : "them") + ", or train a new model without --add-to.");
            }
        }
        MvtecDataset dataset = MvtecDataset.open(data, calibrateOnTest);
        StderrProgress progress = new StderrProgress(err);
        try (Backbone backbone = backboneOptions.load()) {
            err.println("backbone " + backbone.descriptor().name() + " on " + backbone.device() + ", "
                    + dataset.trainGood().size() + " good images");
            DetectorModels.CalibrationSet calibration = calibrateOnTest
                    ? DetectorModels.CalibrationSet.labelled(dataset.test()) : DetectorModels.CalibrationSet.HELD_OUT;
            PatchCoreModel model;
            if (addTo != null) {
                model = PatchCoreModel.load(addTo, backbone).addGoodImages(dataset.trainGood(), progress, () -> false);
                if (calibrateOnTest) {
                    model = model.calibrateOnLabelled(dataset.test(), progress, () -> false);
                }
            } else {
                model = DetectorModels.train(backbone, dataset.trainGood(), training.settings(), calibration, progress,
                        () -> false);
            }
            model.save(out);
            var out2 = spec.commandLine().getOut();
            out2.printf(Locale.ROOT, "saved %s: %d good images, bank %d patches, threshold %.4f (%s), %.1f s%n",
                    out, model.summary().images(), model.bankRows(), model.calibration().imageThreshold(),
                    model.calibration().method(), model.summary().trainSeconds());
        }
        return 0;
    }
}
