package io.kensa.ui;

import io.kensa.capture.gige.CameraDiscovery.DiscoveredCamera;
import io.kensa.capture.gige.CameraDiscovery;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of "Find cameras": the cameras found (the first one selected), a status line, why a kind could not be
 * listed (e.g. libaravis missing, with how to install it), and the chosen camera's source spec. Discovery blocks about
 * a second and broadcasts on every network, so it runs on the background executor, only when asked.
 */
public final class CamerasViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(CamerasViewModel.class);

    private final Supplier<CameraDiscovery.Result> discovery;
    private final Executor background;
    private final Executor fx;
    private final LongSupplier nanoTime;
    private final AtomicInteger generation = new AtomicInteger();
    private final ObservableList<DiscoveredCamera> cameras = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObjectProperty<DiscoveredCamera> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(false);

    /**
     * @param discovery what to list, run on {@code background} each time the user searches: real discovery in the app,
     *                  {@link CameraDiscovery#findFakeCameras} in tests (it never broadcasts)
     */
    public CamerasViewModel(Supplier<CameraDiscovery.Result> discovery, Executor background, Executor fx, LongSupplier nanoTime) {
        this.discovery = discovery;
        this.background = background;
        this.fx = fx;
        this.nanoTime = nanoTime;
    }

    /** Searches on the background executor unless a search is running; the list, status and problems are replaced when it ends. */
    public void search() {
        if (searching.get()) {
            return;
        }
        int run = generation.incrementAndGet();
        long started = nanoTime.getAsLong();
        searching.set(true);
        failed.set(false);
        status.set("Searching for cameras (about a second)…");
        background.execute(() -> {
            try {
                CameraDiscovery.Result result = discovery.get();
                publish(run, () -> show(result, (nanoTime.getAsLong() - started) / 1e9));
            } catch (RuntimeException e) {
                LOG.warn("Camera discovery failed", e);
                publish(run, () -> {
                    status.set("Searching for cameras failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "). Try again; the log has the details.");
                    failed.set(true);
                });
            }
        });
    }

    /** The dialog is closed: Aravis cannot be interrupted mid-discovery, so a running search's result is dropped. */
    public void close() {
        generation.incrementAndGet();
        searching.set(false);
    }

    private void publish(int run, Runnable change) {
        fx.execute(() -> {
            if (generation.get() == run) {
                searching.set(false);
                change.run();
            }
        });
    }

    private void show(CameraDiscovery.Result result, double seconds) {
        cameras.setAll(result.cameras());
        selected.set(result.cameras().isEmpty() ? null : result.cameras().get(0));
        int n = result.cameras().size();
        status.set((n == 0 ? "No cameras found" : n == 1 ? "Found 1 camera" : "Found " + n + " cameras")
                + String.format(Locale.ROOT, " in %.1f s.", seconds));
        problems.setAll(result.problems());
    }

    /** The spec of the selected camera, e.g. {@code gige://Basler-21234567}, {@code usb:0} or {@code gige://Fake_1}. */
    public Optional<String> choice() {
        return Optional.ofNullable(selected.get()).map(DiscoveredCamera::spec);
    }

    public ObservableList<DiscoveredCamera> cameras() {
        return FXCollections.unmodifiableObservableList(cameras);
    }

    /** Why a kind of camera could not be listed, with what to do. */
    public ObservableList<String> problems() {
        return FXCollections.unmodifiableObservableList(problems);
    }

    /** The camera "Use camera" takes; the view keeps it in step with the table's selection. */
    public ObjectProperty<DiscoveredCamera> selected() {
        return selected;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    /** The last search failed: the status line is an error. */
    public ReadOnlyBooleanProperty failed() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty searching() {
        return searching.getReadOnlyProperty();
    }

    /** The table's Kind column. */
    static String kindText(DiscoveredCamera camera) {
        return camera.kind().equals(CameraDiscovery.FAKE_KIND) ? "In-process demo camera" : camera.kind();
    }

    /** The table's Address / ID column: the address and the id when they differ. */
    static String addressText(DiscoveredCamera camera) {
        if (camera.kind().equals(CameraDiscovery.FAKE_KIND)) {
            return camera.id() + " (in-process)";
        }
        if (camera.address().isEmpty() || camera.address().equals(camera.id())) {
            return camera.id();
        }
        return camera.address() + " · " + camera.id();
    }
}
