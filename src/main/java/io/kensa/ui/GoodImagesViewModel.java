package io.kensa.ui;

import io.kensa.inspect.RecipeTrainingImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Good images pane without controls (QA): the recipe's collection of good images, filled from a folder (import)
 * or a live source ("Capture" one frame, "Auto-collect N" at an interval, with a running count), shown as
 * thumbnails; "Discard" deletes an image from the collection folder. A source that is missing or stops mid-way is a
 * message, and what was collected stays. Slow work runs on {@code background}; properties change on {@code fx} only.
 */
public final class GoodImagesViewModel implements AutoCloseable {
    public static final int MAX_AUTO = 500;

    private final RecipeTrainingImages collection;
    private final ScreenWork work;
    private final Executor fx;
    private final StringProperty source;
    private final IntegerProperty autoCount = new SimpleIntegerProperty(20);
    private final DoubleProperty intervalSeconds = new SimpleDoubleProperty(0.5);
    private final ObservableList<Path> images = FXCollections.observableArrayList();
    /** One read-only view: it listens to {@code images} weakly, so a view made per call would stop telling its listeners. */
    private final ObservableList<Path> readOnlyImages = FXCollections.unmodifiableObservableList(images);
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper("");

    /** @param source the live source's spec (the recipe's camera, e.g. {@code usb:0}) */
    public GoodImagesViewModel(RecipeTrainingImages collection, String source, Executor background, Executor fx) {
        this.collection = collection;
        this.source = new SimpleStringProperty(source);
        this.fx = fx;
        this.work = new ScreenWork(background, fx);
        images.addListener((javafx.collections.ListChangeListener<Path>) c -> count.set(countText()));
        count.set(countText());
    }

    public StringProperty source() { return source; }
    /** Frames of one auto-collect, 1..{@value #MAX_AUTO}. */
    public IntegerProperty autoCount() { return autoCount; }
    public DoubleProperty intervalSeconds() { return intervalSeconds; }
    /** The collected images in order (what training uses). */
    public ObservableList<Path> images() { return readOnlyImages; }
    /** "23 good images in /…/collections/bottle". */
    public ReadOnlyStringProperty count() { return count.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyDoubleProperty progress() { return work.progress(); }
    public ReadOnlyStringProperty progressText() { return work.progressText(); }
    public ReadOnlyStringProperty message() { return work.message(); }
    public ReadOnlyBooleanProperty messageProblem() { return work.messageProblem(); }

    /** The collected images as they are now, for training (a copy). */
    public List<Path> snapshot() {
        return List.copyOf(images);
    }

    /** Lists the collection folder on the background executor. */
    public void refresh() {
        work.start("Reading " + collection.folder() + "…", "Cancelled.", "",
                (progress, cancelled) -> collection.list(), images::setAll);
    }

    /** Copies a folder's images into the collection. */
    public void importFolder(Path folder) {
        work.start("Importing " + folder + "…", "Import stopped; the images imported so far are kept.",
                "Import stopped: ", (progress, cancelled) -> collection.importFolder(folder, cancelled, arrived()),
                added -> work.say("Imported " + added.size() + " images from " + folder + ".", false));
    }

    /** Takes the live source's next frame. */
    public void capture() {
        collect(1, "Capturing from " + source.get() + "…");
    }

    /** Takes {@link #autoCount()} frames, one every {@link #intervalSeconds()}. */
    public void autoCollect() {
        int n = Math.max(1, Math.min(MAX_AUTO, autoCount.get()));
        collect(n, "Collecting " + n + " frames from " + source.get() + "…");
    }

    private void collect(int n, String text) {
        String spec = source.get().trim();
        if (spec.isEmpty()) {
            work.say("Name a live source first, e.g. usb:0 or folder:/data/good.", true);
            return;
        }
        Duration interval = Duration.ofMillis(Math.round(1000 * Math.max(0, intervalSeconds.get())));
        Consumer<Path> arrived = arrived();
        AtomicInteger taken = new AtomicInteger();
        work.start(text, "Collecting stopped; the images taken are kept.", "", (progress, cancelled) ->
                collection.collect(spec, n, interval, cancelled, p -> {
                    arrived.accept(p);
                    int k = taken.incrementAndGet();
                    progress.update((double) k / n, k + " of " + n + " frames taken");
                }), done -> work.say("Took " + done.size() + (done.size() == 1 ? " image" : " images") + " from "
                + spec + ".", false));
    }

    /** Deletes one image from the collection folder. */
    public void discard(Path image) {
        work.start("Discarding " + image.getFileName() + "…", "Cancelled.", "Not discarded: ", (progress, cancelled) -> {
            collection.discard(image);
            return image;
        }, images::remove);
    }

    public void cancel() {
        work.cancel();
    }

    @Override
    public void close() {
        work.close();
    }

    /** Each new file joins the list (on fx) as soon as it is written, so the count runs. */
    private Consumer<Path> arrived() {
        return p -> fx.execute(() -> images.add(p));
    }

    private String countText() {
        return images.size() + (images.size() == 1 ? " good image in " : " good images in ") + collection.folder();
    }
}
