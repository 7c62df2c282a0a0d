package io.kensa.ui;

import io.kensa.cam.Prototypes;
import io.kensa.detect.Backbone;
import io.kensa.detect.Images;
import io.kensa.inspect.CamWorkbench;
import io.kensa.model.Operator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The recipe workspace's Prototypes pane without controls (QA): for the chosen recipe's classifier, one prototype image
 * per class, each beside the real images of its class whose activations are most like its own and their similarity.
 * The prototypes are regularised towards a labelled folder (the recipe's by default). One job at a time, with progress
 * and Cancel; the work and every picture are made on {@code background}, properties change on {@code fx}; the service
 * checks that the person may do QA work.
 */
public final class PrototypesViewModel implements AutoCloseable {
    public static final int THUMBNAIL = 112;
    /** Real images per class the prototype is regularised towards (and its neighbours are chosen from). */
    static final int REAL_PER_CLASS = 8;

    /** A real image of the class and how alike its activations are to the prototype's (1 = identical statistics). */
    public record Neighbour(Path image, double similarity, BufferedImage thumbnail) {}

    public record PrototypeRow(String className, double probability, double activationDistance, BufferedImage image,
                               List<Neighbour> nearest) {
        public PrototypeRow {
            nearest = List.copyOf(nearest);
        }

        public String summary() {
            return String.format(Locale.ROOT, "%s: classified as %s with %.0f%%; activations %.2f spreads from the real"
                    + " images' mean", className, className, 100 * probability, activationDistance);
        }
    }

    private final CamWorkbench workbench;
    private final Supplier<Optional<Backbone>> backbone;
    private final Supplier<Operator> operator;
    private final Prototypes.Settings settings;
    private final ScreenWork work;

    private final ObjectProperty<Optional<Path>> folder = new SimpleObjectProperty<>(Optional.empty());
    private final ObservableList<PrototypeRow> prototypes = FXCollections.observableArrayList();
    /** kept: a read-only view made per call would be collected with the listeners put on it */
    private final ObservableList<PrototypeRow> prototypesView = FXCollections.unmodifiableObservableList(prototypes);

    /**
     * @param workbench the chosen recipe's classifier tools
     * @param backbone  the workstation's backbone once it is loaded
     * @param operator  who is signed in; the service checks they may do QA work
     */
    public PrototypesViewModel(CamWorkbench workbench, Supplier<Optional<Backbone>> backbone, Supplier<Operator> operator,
                               Prototypes.Settings settings, Executor background, Executor fx) {
        this.workbench = workbench;
        this.backbone = backbone;
        this.operator = operator;
        this.settings = settings;
        this.work = new ScreenWork(background, fx);
    }

    /** The labelled folder of real images ({@code DIR/<class>/} or MVTec {@code DIR/test/<class>/}). */
    public ObjectProperty<Optional<Path>> folder() { return folder; }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyDoubleProperty progress() { return work.progress(); }
    public ReadOnlyStringProperty progressText() { return work.progressText(); }
    public ReadOnlyStringProperty message() { return work.message(); }
    public ReadOnlyBooleanProperty messageProblem() { return work.messageProblem(); }
    public ObservableList<PrototypeRow> prototypes() { return prototypesView; }

    /** Finds the recipe's labelled folder when none is chosen yet. */
    public void refresh() {
        if (folder.get().isEmpty()) {
            work.read("Cannot find the recipe's labelled folder: ", workbench::labelledFolder, f -> {
                if (folder.get().isEmpty()) {
                    folder.set(f);
                }
            });
        }
    }

    /** Makes one prototype per class of the recipe's classifier, regularised towards the folder's images. */
    public void make() {
        Optional<Backbone> loaded = backbone.get();
        if (loaded.isEmpty()) {
            work.say("The backbone is still loading (see the status bar of the Inspect tab). Try again once the detector"
                    + " is ready.", true);
            return;
        }
        Optional<Path> data = folder.get();
        if (data.isEmpty()) {
            work.say("Choose a labelled folder first: one sub-folder of real images per class (good/, and one per"
                    + " defect), or an MVTec-layout folder with test/<class>/.", true);
            return;
        }
        work.start("Starting the class prototypes…", "Cancelled; nothing was changed.",
                "No prototypes: ", (progress, cancelled) -> rows(workbench.prototypes(loaded.get(), data.get(),
                        REAL_PER_CLASS, settings, operator.get(), progress, cancelled)),
                rows -> {
                    prototypes.setAll(rows);
                    work.say(rows.size() + " class prototypes of the recipe's classifier, each beside the real images"
                            + " of its class whose activations are most like its own.", false);
                });
    }

    /** Stops the running job at its next step. */
    public void cancel() {
        work.cancel();
    }

    /** Closing the screen cancels a running job. */
    @Override
    public void close() {
        work.close();
    }

    /** On the background executor: the prototypes as rows, with their thumbnails drawn. */
    private static List<PrototypeRow> rows(List<Prototypes.ClassPrototype> made) throws Exception {
        List<PrototypeRow> rows = new ArrayList<>();
        for (Prototypes.ClassPrototype c : made) {
            Prototypes.Prototype p = c.prototype();
            List<Neighbour> nearest = new ArrayList<>();
            for (Prototypes.Neighbour n : p.nearest()) {
                Path image = c.realImages().get(n.index());
                nearest.add(new Neighbour(image, n.similarity(), CamPictures.scaled(Images.read(image), THUMBNAIL)));
            }
            rows.add(new PrototypeRow(p.className(), p.probability(), p.activationDistance(),
                    CamPictures.scaled(p.image(), THUMBNAIL), nearest));
        }
        return rows;
    }
}
