package io.kensa.ui;

import io.kensa.inspect.ReferenceSources;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The picker of reference images from the inspector's snapshots or from the decision log's good frames (newest first,
 * a page at a time), without its controls. Listing runs on {@code background}; properties change on {@code fx}. A
 * chosen image goes to {@code add}, the same path a file from the chooser takes.
 */
public final class ReferencePickerViewModel {
    /** What the picker lists. */
    public enum Source { NONE, SNAPSHOTS, LOG }

    private final ReferenceSources sources;
    private final Consumer<Path> add;
    private final Executor background;
    private final Executor fx;
    private int listing;
    private Optional<Long> next = Optional.empty();
    private final ObservableList<ReferenceSources.Candidate> candidates = FXCollections.observableArrayList();
    private final ObservableList<ReferenceSources.Candidate> candidatesView = FXCollections.unmodifiableObservableList(candidates);
    private final ReadOnlyObjectWrapper<Source> source = new ReadOnlyObjectWrapper<>(Source.NONE);
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PromptsViewModel.Tone> tone = new ReadOnlyObjectWrapper<>(PromptsViewModel.Tone.MUTED);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canShowMore = new ReadOnlyBooleanWrapper();

    /** @param add  makes a chosen image a reference image of the draft (called on {@code fx}) */
    public ReferencePickerViewModel(ReferenceSources sources, Consumer<Path> add, Executor background, Executor fx) {
        this.sources = sources;
        this.add = add;
        this.background = background;
        this.fx = fx;
    }

    public ObservableList<ReferenceSources.Candidate> candidates() {
        return candidatesView;
    }

    /** What is listed; {@code NONE} while the picker is closed. */
    public ReadOnlyObjectProperty<Source> source() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty state() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PromptsViewModel.Tone> tone() {
        return tone.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    /** True when the log may hold older good frames than those listed. */
    public ReadOnlyBooleanProperty canShowMore() {
        return canShowMore.getReadOnlyProperty();
    }

    /** Lists the snapshots, newest first. */
    public void openSnapshots() {
        start(Source.SNAPSHOTS, "Reading the snapshots in " + sources.snapshotFolder() + " …");
        int run = listing;
        load(run, sources::snapshots, found -> {
            candidates.setAll(found);
            say(found.isEmpty() ? "No snapshots yet in " + sources.snapshotFolder() + ". At the Inspect screen, F12 or"
                    + " Ctrl+S saves the frame on screen there." : found.size() + " snapshot(s), newest first. Add one"
                    + " that shows a good part.", false);
        });
    }

    /** Lists the recipe's frames inspectors decided as normal, newest first. */
    public void openLog() {
        start(Source.LOG, "Reading the decision log …");
        next = Optional.of(Long.MAX_VALUE);
        loadPage();
    }

    /** The next page of the log's good frames. */
    public void showMore() {
        if (source.get() == Source.LOG && next.isPresent() && !busy.get()) {
            busy.set(true);
            loadPage();
        }
    }

    private void loadPage() {
        long before = next.orElseThrow();
        int run = listing;
        load(run, () -> sources.confirmedGood(before), page -> {
            candidates.addAll(page.candidates());
            next = page.next();
            canShowMore.set(next.isPresent());
            say(candidates.isEmpty() ? "The decision log has no frame of this recipe decided as normal yet. Inspectors"
                    + " confirm good parts at the Inspect screen." : candidates.size() + " frame(s) decided as normal,"
                    + " newest first" + (next.isPresent() ? "; Show more lists older ones." : "."), false);
        });
    }

    /** Adds the chosen image; one that cannot be used says why instead. */
    public void choose(ReferenceSources.Candidate candidate) {
        if (candidate == null) {
            say("Select an image to add.", false);
            return;
        }
        if (candidate.problem().isPresent()) {
            say(candidate.problem().get(), true);
            return;
        }
        add.accept(candidate.image());
    }

    /** Closes the picker; a listing still running is dropped. */
    public void close() {
        listing++;
        source.set(Source.NONE);
        candidates.clear();
        busy.set(false);
        canShowMore.set(false);
    }

    private void start(Source what, String reading) {
        listing++;
        source.set(what);
        candidates.clear();
        canShowMore.set(false);
        busy.set(true);
        say(reading, false);
    }

    private <T> void load(int run, Callable<T> work, Consumer<T> done) {
        ScreenWork.execute(background, () -> {
            try {
                T result = work.call();
                publish(run, () -> done.accept(result));
            } catch (Exception e) {
                publish(run, () -> say("Could not list the images: " + ScreenWork.describe(e), true));
            }
        });
    }

    /** Applies a listing's result unless the picker moved on (closed, or switched source) meanwhile. */
    private void publish(int run, Runnable change) {
        ScreenWork.execute(fx, () -> {
            if (run == listing) {
                busy.set(false);
                change.run();
            }
        });
    }

    private void say(String text, boolean problem) {
        state.set(text);
        tone.set(problem ? PromptsViewModel.Tone.PROBLEM : PromptsViewModel.Tone.MUTED);
    }
}
