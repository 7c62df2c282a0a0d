package io.kensa.ui;

import io.kensa.cam.CamAudit;
import io.kensa.cam.Faithfulness;
import io.kensa.detect.Backbone;
import io.kensa.detect.ColourMap;
import io.kensa.detect.Images;
import io.kensa.detect.Masks;
import io.kensa.detect.Progress;
import io.kensa.inspect.CamWorkbench;
import io.kensa.model.Operator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Classifier tab's audit pane without controls (QA): on a labelled folder (the recipe's by default), the global
 * Grad-CAM audit — per class the mean CAM, the share of CAM inside the defect masks, the ROAD faithfulness figures and
 * the off-target images as thumbnails (image, CAM, mask outline), one of them enlarged on demand. (The class
 * prototypes are in the recipe workspace: {@link PrototypesViewModel}.) One job at a time, with progress and Cancel;
 * the work and every picture are made on {@code background}, properties change on {@code fx}.
 */
public final class CamAuditViewModel implements AutoCloseable {
    public static final int THUMBNAIL = 112;
    public static final int LARGE = 448;
    public static final double MIN_THRESHOLD = 0.01;
    public static final double MAX_THRESHOLD = 0.99;
    private static final ColourMap COLOURS = ColourMap.JET;

    /** An image whose CAM fell mostly outside its defect mask. */
    public record OffTargetRow(Path image, Path mask, String explainedAs, double probability, double inside,
                               double maskShare, float[] cam, int camSide, BufferedImage thumbnail) {
        public String caption() {
            return String.format(Locale.ROOT, "%s/%s: %.0f%% of the CAM inside the mask (which covers %.0f%%), seen as %s"
                    + " %.0f%%", image.getParent().getFileName(), image.getFileName(), 100 * inside, 100 * maskShare,
                    explainedAs, 100 * probability);
        }
    }

    /** One class folder of the audit. */
    public record ClassRow(String label, String summary, String faithfulness, BufferedImage meanCam,
                           List<OffTargetRow> offTarget) {
        public ClassRow {
            offTarget = List.copyOf(offTarget);
        }
    }

    /** The picture shown large, with what it is. */
    public record Enlarged(String caption, BufferedImage image) {}

    private final CamWorkbench workbench;
    private final Supplier<Optional<Backbone>> backbone;
    private final Supplier<Operator> operator;
    private final Executor fx;
    private final ScreenWork work;
    private final ScreenWork pictures;

    private final ObjectProperty<Optional<Path>> folder = new SimpleObjectProperty<>(Optional.empty());
    private final DoubleProperty insideThreshold = new SimpleDoubleProperty(CamAudit.Settings.defaults().insideThreshold());
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageProblem = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<ClassRow> classes = FXCollections.observableArrayList();
    /** A read-only view, kept: a view made per call would be collected with the listeners put on it. */
    private final ObservableList<ClassRow> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ReadOnlyObjectWrapper<Optional<Enlarged>> enlarged = new ReadOnlyObjectWrapper<>(Optional.empty());
    /** The running job's cancel flag; replaced per job, so a late progress report of an earlier job is ignored. */
    private AtomicBoolean job = new AtomicBoolean();

    /**
     * @param backbone  the workstation's backbone once it is loaded
     * @param operator  who is signed in; the service checks they may do QA work
     */
    public CamAuditViewModel(CamWorkbench workbench, Supplier<Optional<Backbone>> backbone, Supplier<Operator> operator,
                             Executor background, Executor fx) {
        this.workbench = workbench;
        this.backbone = backbone;
        this.operator = operator;
        this.fx = fx;
        this.work = new ScreenWork(background, fx, this::failed);
        this.pictures = new ScreenWork(background, fx, text -> say(text, true));
    }

    /** The labelled folder (MVTec layout: test/&lt;class&gt;/, ground_truth/&lt;class&gt;/*_mask.png). */
    public ObjectProperty<Optional<Path>> folder() { return folder; }
    /** An image with less than this share of its CAM inside its defect mask is listed as off target (0.01..0.99). */
    public DoubleProperty insideThreshold() { return insideThreshold; }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyDoubleProperty progress() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressText() { return progressText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty messageProblem() { return messageProblem.getReadOnlyProperty(); }
    public ObservableList<ClassRow> classes() { return classesView; }
    public ReadOnlyObjectProperty<Optional<Enlarged>> enlarged() { return enlarged.getReadOnlyProperty(); }

    /** Finds the recipe's labelled folder when none is chosen yet. */
    public void refresh() {
        if (folder.get().isEmpty() && !work.working().get()) {
            work.run(workbench::labelledFolder, f -> {
                if (folder.get().isEmpty()) {
                    folder.set(f);
                }
            });
        }
    }

    /** Runs the Grad-CAM audit of the folder with the recipe's classifier. */
    public void audit() {
        start("Starting the Grad-CAM audit…").ifPresent(run -> {
            Path data = run.data;
            double threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, insideThreshold.get()));
            work.run(() -> rows(workbench.audit(run.backbone, data, threshold, operator.get(), run.progress,
                            run.cancel::get)),
                    rows -> finished(run.cancel, () -> {
                        classes.setAll(rows);
                        int off = rows.stream().mapToInt(r -> r.offTarget().size()).sum();
                        say("Audit of " + data + ": " + rows.size() + " classes, " + off + " image" + (off == 1 ? "" : "s")
                                + " where the CAM falls mostly outside the defect mask. Click one to see it larger.", false);
                    }));
        });
    }

    /** Stops the running job at its next step. */
    public void cancel() {
        if (work.working().get()) {
            job.set(true);
            progressText.set("Cancelling…");
        }
    }

    /** Shows an off-target image large (drawn on the background executor). */
    public void enlarge(OffTargetRow row) {
        pictures.run(() -> new Enlarged(row.caption(), overlay(row.image(), row.mask(), row.cam(), row.camSide(), LARGE)), e -> enlarged.set(Optional.of(e)));
    }

    /** Closing the screen cancels a running job. */
    @Override
    public void close() {
        job.set(true);
    }

    private record Run(Backbone backbone, Path data, AtomicBoolean cancel, Progress progress) {}

    private Optional<Run> start(String text) {
        if (work.working().get()) {
            return Optional.empty();
        }
        Optional<Backbone> b = backbone.get();
        if (b.isEmpty()) {
            say("The backbone is still loading (see the status bar of the Inspect tab). Try again once the detector is"
                    + " ready.", true);
            return Optional.empty();
        }
        if (folder.get().isEmpty()) {
            say("Choose a labelled folder first (MVTec layout: test/<class>/ and ground_truth/<class>/*_mask.png).", true);
            return Optional.empty();
        }
        AtomicBoolean cancel = new AtomicBoolean();
        job = cancel;
        progress.set(0);
        progressText.set(text);
        say("", false);
        Progress report = (fraction, what) -> fx.execute(() -> {
            if (job == cancel && !cancel.get()) {
                progress.set(fraction);
                progressText.set(what);
            }
        });
        return Optional.of(new Run(b.get(), folder.get().get(), cancel, report));
    }

    private void finished(AtomicBoolean cancel, Runnable show) {
        if (cancel.get()) {
            failed("cancelled");
            return;
        }
        progress.set(1);
        progressText.set("");
        show.run();
    }

    private void failed(String text) {
        progress.set(0);
        progressText.set("");
        say(job.get() ? "Cancelled; nothing was changed." : text, true);
    }

    private void say(String text, boolean problem) {
        message.set(text);
        messageProblem.set(problem);
    }

    /** On the background executor: the audit as rows, with its pictures drawn. */
    private static List<ClassRow> rows(List<CamAudit.ClassAudit> audit) throws Exception {
        List<ClassRow> rows = new ArrayList<>();
        for (CamAudit.ClassAudit a : audit) {
            List<OffTargetRow> off = new ArrayList<>();
            for (CamAudit.OffTarget o : a.offTarget()) {
                off.add(new OffTargetRow(o.image(), o.mask(), o.className(), o.probability(), o.insideFraction(),
                        o.maskFraction(), o.cam(), a.mapSize(), overlay(o.image(), o.mask(), o.cam(), a.mapSize(), THUMBNAIL)));
            }
            String inside = a.withMask() == 0 ? "no defect masks (nothing to compare the CAM with)"
                    : String.format(Locale.ROOT, "%.0f%% of the CAM inside the mask on average; %d of %d off target",
                            100 * a.meanInsideFraction(), a.offTarget().size(), a.withMask());
            rows.add(new ClassRow(a.label(), a.label() + ": " + a.images() + " images, " + inside,
                    a.faithfulness().map(CamAuditViewModel::road).orElse(""),
                    CamPictures.map(a.meanCam(), a.mapSize(), THUMBNAIL, COLOURS), off));
        }
        return rows;
    }

    static String road(Faithfulness.Report f) {
        return String.format(Locale.ROOT, "ROAD: removing the most relevant pixels lowers p by %.3f, the least relevant"
                + " by %.3f (faithful on %.0f%% of %d images)", f.meanDropMostRelevant(), f.meanDropLeastRelevant(),
                100 * f.faithfulShare(), f.images());
    }

    private static BufferedImage overlay(Path image, Path mask, float[] cam, int camSide, int size) throws Exception {
        return CamPictures.overlay(Images.read(image), cam, camSide, Masks.read(mask, size, size), size, COLOURS);
    }
}
