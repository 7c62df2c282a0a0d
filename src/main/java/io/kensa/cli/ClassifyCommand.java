package io.kensa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.cam.ClassifierHead;
import io.kensa.cam.ClassifierReport;
import io.kensa.cam.ClassifierTraining;
import io.kensa.detect.Backbone;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa classify …}: train and evaluate the defect classifier head on backbone features. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Defect classifier: a head on the backbone's pooled features, trained on a labelled folder"
                + " (DIR/test/<class>/ in MVTec layout, or DIR/<class>/; good is a class).",
        subcommands = {ClassifyCommand.Train.class, ClassifyCommand.Evaluate.class, RetrainCommand.class})
public final class ClassifyCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options shared by train and evaluate. */
    static final class HeadOptions {
        @Option(names = "--size", defaultValue = "256", description = "Input side the image is scaled to (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--logits", description = "Also use the backbone's ImageNet logits as features (off: measured worse).")
        boolean logits;

        @Option(names = "--no-flip", description = "Do not add mirrored copies of the training images.")
        boolean noFlip;

        @Option(names = "--steps", defaultValue = "300", description = "Full-batch Adam steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--weight-decay", defaultValue = "0.1", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
        double weightDecay;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and folds (default: ${DEFAULT-VALUE}).")
        long seed;

        ClassifierTraining.Settings settings(double holdout) {
            ClassifierTraining.Settings d = ClassifierTraining.Settings.defaults();
            return new ClassifierTraining.Settings(size, logits, !noFlip, steps, d.learningRate(), weightDecay, holdout, seed);
        }
    }

    /** What train and evaluate share: the labelled folder, the output form, the head and backbone options. */
    abstract static class HeadCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labelled folder.")
        Path data;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Mixin
        HeadOptions head = new HeadOptions();

        @Mixin
        BackboneOptions backboneOptions = new BackboneOptions();

        /**
         * Trains or evaluates on {@code data} until {@code cancelled}: returns the report, and puts what {@code --json}
         * adds to it in {@code extra} and the lines the text form ends with in {@code textTail}.
         */
        abstract ClassifierReport run(Backbone backbone, StderrProgress progress, BooleanSupplier cancelled,
                                      Map<String, Object> extra, List<String> textTail) throws Exception;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (CtrlC ctrlC = new CtrlC("classify-cancel")) {
                try (Backbone backbone = backboneOptions.load()) {
                    Map<String, Object> extra = new LinkedHashMap<>();
                    List<String> textTail = new ArrayList<>();
                    ClassifierReport r = run(backbone, new StderrProgress(err), ctrlC::pressed, extra, textTail);
                    if (json) {
                        Map<String, Object> o = toJson(r);
                        o.putAll(extra);
                        out.println(new ObjectMapper().writeValueAsString(o));
                    } else {
                        print(out, r);
                        textTail.forEach(out::println);
                    }
                } catch (CancellationException e) {
                    // printed while the shutdown hook still holds the JVM: after it lets go nothing more is printed
                    err.println("kensa: " + e.getMessage() + "; nothing was written.");
                    err.flush();
                    return 1;
                }
            }
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a classifier head on DIR and save it as one JSON file; prints the report of a"
                    + " stratified held-out split (the saved head is refitted on all images).")
    static final class Train extends HeadCommand {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Classifier head file to write (e.g. classifier.json).")
        Path out;

        @Option(names = "--holdout", defaultValue = "0.2", description = "Share of each class held out for the report (default: ${DEFAULT-VALUE}).")
        double holdout;

        @Override
        ClassifierReport run(Backbone backbone, StderrProgress progress, BooleanSupplier cancelled,
                             Map<String, Object> extra, List<String> textTail) throws Exception {
            ClassifierHead h = ClassifierTraining.train(backbone, data, head.settings(holdout), progress, cancelled);
            h.save(out);
            extra.put("out", out.toString());
            textTail.add("Saved " + out + " (backbone " + h.backboneName() + ", sha256 " + h.backboneSha256() + ")");
            return h.report().orElseThrow();
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Stratified k-fold cross-validation of the classifier on DIR: every image is predicted by a"
                    + " head trained without it.")
    static final class Evaluate extends HeadCommand {
        @Option(names = "--folds", defaultValue = "5", description = "Number of folds (default: ${DEFAULT-VALUE}).")
        int folds;

        @Override
        ClassifierReport run(Backbone backbone, StderrProgress progress, BooleanSupplier cancelled,
                             Map<String, Object> extra, List<String> textTail) throws Exception {
            ClassifierReport r = ClassifierTraining.crossValidate(backbone, data, folds, head.settings(0.2), progress,
                    cancelled);
            extra.put("data", data.toString());
            extra.put("folds", folds);
            extra.put("device", backbone.device());
            return r;
        }
    }

    static Map<String, Object> toJson(ClassifierReport r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("evaluation", r.evaluation());
        o.put("accuracy", r.accuracy());
        o.put("macro_f1", r.macroF1());
        o.put("classes", r.classes());
        o.put("images", r.images());
        o.put("train_seconds", r.trainSeconds());
        o.put("ms_per_image", r.msPerImage());
        Map<String, Object> per = new LinkedHashMap<>();
        for (ClassifierReport.ClassMetrics m : r.perClass()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("precision", m.precision());
            c.put("recall", m.recall());
            c.put("f1", m.f1());
            c.put("support", m.support());
            per.put(m.name(), c);
        }
        o.put("per_class", per);
        o.put("confusion", Map.of("rows", "predicted", "columns", "true", "labels", r.labels(), "counts", r.confusion()));
        o.put("features", r.features());
        o.put("augmentation", r.augmentation());
        o.put("skipped", r.skipped());
        return o;
    }

    static void print(PrintWriter out, ClassifierReport r) {
        out.printf(Locale.ROOT, "Classifier on %d images, %d classes %s (%s)%n", r.images(), r.classes().size(),
                r.classes(), r.evaluation());
        out.printf(Locale.ROOT, "accuracy %.3f  macro F1 %.3f  train %.1f s  %.1f ms/image%n", r.accuracy(), r.macroF1(),
                r.trainSeconds(), r.msPerImage());
        for (ClassifierReport.ClassMetrics m : r.perClass()) {
            out.printf(Locale.ROOT, "  %-20s precision %.3f  recall %.3f  F1 %.3f  (%d)%n", m.name(), m.precision(),
                    m.recall(), m.f1(), m.support());
        }
        out.println("confusion (rows predicted, columns true): " + r.labels());
        long[][] cm = r.confusion();
        List<String> labels = r.labels();
        for (int i = 0; i < cm.length; i++) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-20s", labels.get(i)));
            for (long v : cm[i]) {
                sb.append(String.format(Locale.ROOT, " %4d", v));
            }
            out.println(sb);
        }
        out.printf(Locale.ROOT, "features %s, augmentation %s%n", r.features(), r.augmentation());
        for (String s : r.skipped()) {
            out.println("skipped " + s);
        }
    }
}
