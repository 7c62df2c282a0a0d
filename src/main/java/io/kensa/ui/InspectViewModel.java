package io.kensa.ui;

import io.kensa.capture.CaptureEvent;
import io.kensa.capture.Frame;
import io.kensa.capture.FramePump;
import io.kensa.config.Settings;
import io.kensa.detect.Detection;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.inspect.Inspected;
import io.kensa.inspect.Workstation;
import io.kensa.inspect.WorkstationException;
import io.kensa.inspect.WorkstationListener;
import io.kensa.llm.ProfileDocument;
import io.kensa.model.Operator;
import io.kensa.store.FrameCounts;
import io.kensa.recipe.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Inspect screen decides: starting, stopping and switching sources, the replay rate, the verdict, messages,
 * snapshots, the camera-settings flow and the signed-in operator. It composes the screen's smaller view-models: the
 * case pane ({@link CaseViewModel}), the overlays ({@link OverlayViewModel}), the status bar
 * ({@link StatusBarViewModel}), the keys ({@link InspectKeys}) and the remembered settings ({@link WindowSettings}).
 * Device, disk and database work runs on {@code background}; properties change only on {@code fx}.
 */
final class InspectViewModel implements WorkstationListener {
    private static final Logger LOG = LoggerFactory.getLogger(InspectViewModel.class);
    static final String RECENT_SOURCES = "capture.recent";
    private static final int RECENT_MAX = 8;
    /** Replays of high-speed line recordings run well above a camera's usual rates. */
    static final double REPLAY_FPS_MAX = 1000;

    /** What the camera settings dialog is opened with: the camera and the settings it runs with. */
    record CameraRequest(String camera, Map<String, String> settings) {}

    /** The verdict of the newest detection, for the banner and the score gauge. */
    record Verdict(boolean anomalous, double score, double threshold, double colourLow, double colourHigh) {}

    /** Work that may wait on a device or the disk. */
    interface ControlWork {
        void run() throws Exception;
    }

    private final Workstation workstation;
    /** who is signed in; switching operator changes it without restarting capture */
    private final ObjectProperty<Operator> operator;
    private final FrameRenderer renderer;
    private final Executor background;
    private final Executor fx;
    private final CaseViewModel caseVm;
    private final OverlayViewModel overlay;
    private final StatusBarViewModel statusBar;
    private final WindowSettings settings;
    private final InspectKeys keys;
    private Function<CameraRequest, Optional<CameraSettingsDialog.Choice>> cameraDialog = r -> Optional.empty();
    /** The source started last or being started (camera without settings); empty while stopped. */
    private Optional<String> requested = Optional.empty();
    /** The camera whose settings an older version remembered in its source, until they are saved or dropped. */
    private Optional<String> legacyCamera = Optional.empty();
    /** Shown whenever no other message is, while those settings are not in the recipe. */
    private Optional<String> legacyNotice = Optional.empty();
    private long lastDetectedSequence = -1;
    private long lastStatusNanos;

    private final StringProperty source = new SimpleStringProperty("");
    private final ObservableList<String> sources = FXCollections.observableArrayList();
    private final StringProperty startStopText = new SimpleStringProperty("Start  F5");
    private final BooleanProperty controlBusy = new SimpleBooleanProperty(false);
    private final StringProperty liveMessage = new SimpleStringProperty("Press Start (F5) to begin.");
    /** Empty while someone is signed in; else what the unattended station is doing (for the sign-in screen). */
    private final StringProperty unattended = new SimpleStringProperty("");
    /** The desk's newest state (written on the desk thread, read on the pulse). */
    private volatile DeskSnapshot latestDesk = new DeskSnapshot(Optional.empty(), 0, 0, 0,
            FrameCounts.NONE, Optional.empty(), Optional.empty(), Optional.empty());
    private final ObjectProperty<Optional<Verdict>> verdict = new SimpleObjectProperty<>(Optional.empty());
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty messageProblem = new SimpleBooleanProperty(false);
    private final StringProperty recipeText = new SimpleStringProperty("");
    private final BooleanProperty replayVisible = new SimpleBooleanProperty(false);
    private final BooleanProperty replayEnabled = new SimpleBooleanProperty(false);
    private final DoubleProperty replayFps = new SimpleDoubleProperty(10);

    /**
     * @param settingsFile where the window remembers its source, overlay and layout as they change
     * @param background   the control thread: start/stop capture, snapshots, saving camera settings
     * @param saver        writes {@code settingsFile} in the order changes happen (debounced)
     * @param prepare      draws a new case's pictures for the case pane
     * @param fx           where properties change (the FX thread in the app)
     */
    InspectViewModel(Workstation workstation, Settings settings, Operator operator, Path settingsFile, FrameRenderer renderer,
                     Executor background, ScheduledExecutorService saver, Executor prepare, Executor fx) {
        this.workstation = workstation;
        this.operator = new SimpleObjectProperty<>(operator);
        this.renderer = renderer;
        this.background = background;
        this.fx = fx;
        this.overlay = new OverlayViewModel(renderer, settings);
        this.statusBar = new StatusBarViewModel(workstation, renderer);
        this.settings = new WindowSettings(settings, settingsFile, saver, overlay::writeTo,
                failure -> fx.execute(() -> showMessage(failure, false)));
        this.caseVm = new CaseViewModel(workstation.desk(), this.operator::get, workstation.profile().profile(), prepare, fx,
                this::showMessage);
        // nobody signed in: the desk keeps recording but spends no explanation on a screen nobody reads
        workstation.desk().attended(operator != null);
        this.operator.addListener((o, was, now) -> {
            workstation.desk().attended(now != null);
            showUnattended();
        });
        showUnattended();
        this.keys = new InspectKeys(caseVm, new InspectKeys.Commands(this::toggleCapture, this::snapshot,
                overlay::toggleHeatmap, overlay::toggleCam, this::sendToLlm), settings, text -> showMessage(text, false));
        loadToolbar(settings);
        adoptLegacyCameraSettings();
        showMessage("", false);
        overlay.onChange(this.settings::saveSoon);
    }

    private void loadToolbar(Settings settings) {
        // cameras are remembered without settings (those belong to the recipe), also when an older version wrote them
        LinkedHashSet<String> recent = new LinkedHashSet<>();
        settings.get(Settings.SOURCE).map(Workstation::cameraOnly).ifPresent(recent::add);
        recent.add(workstation.recipe().source());
        List.of(settings.get(RECENT_SOURCES, "").split("\n")).forEach(r -> recent.add(Workstation.cameraOnly(r)));
        recent.remove("");
        sources.setAll(recent);
        source.set(recent.iterator().next());
        recipeText.set(StatusLine.recipe(workstation.liveVersion()));
        showReplayControl();
    }

    // ---- state for the view

    CaseViewModel caseView() { return caseVm; }
    /** The heatmap and Grad-CAM overlays and the divider. */
    OverlayViewModel overlay() { return overlay; }
    StatusBarViewModel statusBar() { return statusBar; }
    /** The Inspect tab's keys. */
    InspectKeys keys() { return keys; }
    /** The source field's text, as typed (the picker shows it). */
    StringProperty source() { return source; }
    /** The recent sources, newest first. */
    ObservableList<String> sources() { return FXCollections.unmodifiableObservableList(sources); }
    ReadOnlyStringProperty startStopText() { return startStopText; }
    /** True while start/stop or camera work runs: Start rests. */
    ReadOnlyBooleanProperty controlBusy() { return controlBusy; }
    /** The live view's placeholder ("Connecting to …", "Not started: …"); empty when the picture speaks. */
    ReadOnlyStringProperty liveMessage() { return liveMessage; }
    /** While nobody is signed in: the station records on, and how many cases wait (shown on the sign-in screen). */
    ReadOnlyStringProperty unattended() { return unattended; }
    ReadOnlyObjectProperty<Optional<Verdict>> verdict() { return verdict; }
    ReadOnlyStringProperty message() { return message; }
    ReadOnlyBooleanProperty messageProblem() { return messageProblem; }
    ReadOnlyStringProperty recipeText() { return recipeText; }
    /** The signed-in operator; set on every sign-in (switching operator), read by the desk on each decision. */
    ObjectProperty<Operator> operator() { return operator; }
    String operatorText() { return operator.get() == null ? "Signed out" : StatusLine.operator(operator.get()); }
    String operatorTooltip() {
        return operator.get() == null ? "Nobody is signed in: sign in to decide cases"
                : "Operator " + operator.get().label() + " — decisions are recorded under this name";
    }
    ReadOnlyBooleanProperty replayVisible() { return replayVisible; }
    ReadOnlyBooleanProperty replayEnabled() { return replayEnabled; }
    /** The running replay's rate, as the control shows it. */
    ReadOnlyDoubleProperty replayFps() { return replayFps; }

    /** How the view opens the camera settings dialog (on the FX thread). */
    void cameraDialog(Function<CameraRequest, Optional<CameraSettingsDialog.Choice>> dialog) {
        this.cameraDialog = dialog;
    }

    // ---- commands

    void sendToLlm() {
        if (!workstation.sendLatestOnDemand()) {
            showMessage("No detected frame to send yet: start the camera and wait for the detector.", true);
        }
    }

    /** A replay rate the user set (folder and video replays). */
    void setReplayFps(double fps) {
        workstation.pump().ifPresent(p -> p.setReplayFps(fps));
    }

    void toggleCapture() {
        if (workstation.capturing()) {
            onControl(workstation::stopCapture, () -> showStopped("Stopped. Press Start (F5) to go on."),
                    failure -> showMessage(failure, true));
            return;
        }
        String spec = source.get() == null ? "" : source.get().strip();
        if (spec.isEmpty()) {
            showMessage("Type or pick a source first, e.g. folder:/path/to/images or usb:0.", true);
            return;
        }
        start(spec);
    }

    void startCaptureNow() {
        if (!workstation.capturing()) {
            toggleCapture();
        }
    }

    /** Enter in the source field, or a pick from its list: starts this source unless it is already running or starting. */
    void switchTo(String spec) {
        String wanted = spec == null ? "" : spec.strip();
        if (wanted.isEmpty() || (workstation.capturing() && requested.equals(Optional.of(Workstation.cameraOnly(wanted)))
                && wanted.equals(Workstation.cameraOnly(wanted)))) {
            return;
        }
        start(wanted);
    }

    /**
     * Starts (or restarts) capture from a source on the control thread. The picker and the remembered source keep the
     * camera without settings; settings written in the spec are this session's (see {@link Workstation#startCapture}).
     */
    void start(String spec) {
        String camera = Workstation.cameraOnly(spec);
        requested = Optional.of(camera);
        showLive("Connecting to " + spec + " …");
        onControl(() -> workstation.startCapture(spec), () -> {
            startStopText.set("Stop  F5");
            rememberSource(camera);
            showMessage("", false);
            showReplayControl();
        }, failure -> {
            requested = Optional.empty();
            showStopped("Not started: " + failure);
            showMessage(failure, true);
        });
    }

    /** The live view after a stop or a failed start: no stale "Connecting…", verdict or heatmap. */
    private void showStopped(String text) {
        startStopText.set(workstation.capturing() ? "Stop  F5" : "Start  F5");
        if (!workstation.capturing()) {
            requested = Optional.empty();
        }
        showLive(text);
        verdict.set(Optional.empty());
        lastDetectedSequence = -1;
        showReplayControl();
    }

    /** The replay rate control: shown for folder and video replays, hidden for cameras, disabled while stopped. */
    private void showReplayControl() {
        OptionalDouble fps = workstation.pump().map(FramePump::replayFps).orElse(OptionalDouble.empty());
        String current = source.get() == null ? "" : source.get().strip().toLowerCase(Locale.ROOT);
        replayVisible.set(fps.isPresent() || current.startsWith("folder:") || current.startsWith("video:"));
        replayEnabled.set(fps.isPresent());
        fps.ifPresent(replayFps::set);
    }

    /** The started source goes first in the recent list and is written to the settings file at once. */
    private void rememberSource(String spec) {
        List<String> recent = new ArrayList<>(sources);
        recent.remove(spec);
        recent.add(0, spec);
        sources.setAll(recent.subList(0, Math.min(RECENT_MAX, recent.size())));
        source.set(spec);
        if (legacyCamera.isPresent() && !legacyCamera.get().equals(spec)) {
            dropLegacyCameraSettings();
        }
        settings.change(s -> s.with(Settings.SOURCE, spec).with(RECENT_SOURCES, String.join("\n", sources)));
        settings.saveInBackground();
    }

    /** Saves the frame on screen (without the overlay). */
    void snapshot() {
        Optional<Frame> shown = renderer.shown();
        if (shown.isEmpty()) {
            showMessage("There is no frame to save yet: start the camera first.", true);
            return;
        }
        Frame frame = shown.get();
        background.execute(() -> {
            try {
                Path file = workstation.snapshot(frame);
                fx.execute(() -> {
                    showMessage("Snapshot saved: " + file, false);
                    statusBar.show("Snapshot saved: " + file.getFileName());
                });
            } catch (Exception e) {
                fx.execute(() -> showMessage("Snapshot not saved: " + e.getMessage(), true));
            }
        });
    }

    // ---- camera settings

    /**
     * An older Kensa wrote the camera settings into the remembered source ({@code gige://…?width=…}). They are this
     * session's camera settings, so the camera runs as before, and stay under {@link Settings#SOURCE_LEGACY} (the
     * source itself is remembered without them) until they are saved to the recipe or another source is picked.
     */
    private void adoptLegacyCameraSettings() {
        Optional<String> remembered = settings.get().get(Settings.SOURCE);
        Optional<String> legacy = settings.get().get(Settings.SOURCE_LEGACY)
                .or(() -> remembered.filter(s -> Workstation.isCamera(s) && !Workstation.cameraOnly(s).equals(s)));
        if (legacy.isEmpty()) {
            return;
        }
        String camera = Workstation.cameraOnly(legacy.get());
        if (!remembered.map(Workstation::cameraOnly).equals(Optional.of(camera))) {
            settings.change(s -> s.with(Settings.SOURCE_LEGACY, null)); // another source was picked since
            settings.saveInBackground();
            return;
        }
        workstation.useCameraForSession(camera, workstation.cameraSettings(legacy.get()));
        legacyCamera = Optional.of(camera);
        legacyNotice = Optional.of("Camera settings from the previous Kensa version (" + legacy.get()
                .substring(legacy.get().indexOf('?') + 1).replace("&", ", ") + ") are used for this session only. "
                + "To keep them, open Camera → Camera settings… and press Save to recipe.");
        settings.change(s -> s.with(Settings.SOURCE_LEGACY, legacy.get()));
        settings.saveInBackground();
    }

    /** The older version's settings are in the recipe now, or not wanted: stop offering and keeping them. */
    private void dropLegacyCameraSettings() {
        if (legacyCamera.isPresent()) {
            legacyCamera = Optional.empty();
            legacyNotice = Optional.empty();
            settings.change(s -> s.with(Settings.SOURCE_LEGACY, null));
            showMessage("", false);
        }
    }

    /**
     * Camera settings: the camera is released (one controller at a time), the dialog starts from the settings it runs
     * with, and the choice is saved to the recipe or used for this session; then capture starts again.
     */
    void editCamera() {
        String current = source.get() == null ? "" : source.get().strip();
        if (!Workstation.isCamera(current)) {
            showMessage("Camera settings are for cameras: type or pick usb:0 or gige://ADDRESS (Find cameras lists "
                    + "them). A replay's rate is the fps box next to the source.", true);
            return;
        }
        boolean wasRunning = workstation.capturing();
        onControl(workstation::stopCapture, () -> {
            showStopped("Camera settings are open.");
            Optional<CameraSettingsDialog.Choice> choice = cameraDialog.apply(
                    new CameraRequest(current, workstation.cameraSettings(current)));
            if (choice.isEmpty()) {
                if (wasRunning) {
                    start(current);
                } else {
                    showStopped("Press Start (F5) to begin.");
                }
            } else if (!choice.get().saveToRecipe()) {
                workstation.useCameraForSession(choice.get().camera(), choice.get().settings());
                start(choice.get().camera());
            } else {
                saveCameraToRecipe(choice.get());
            }
        }, failure -> showMessage(failure, true));
    }

    private void saveCameraToRecipe(CameraSettingsDialog.Choice chosen) {
        Recipe[] draft = new Recipe[1];
        Operator by = operator.get();
        onControl(() -> draft[0] = workstation.saveCameraToDraft(by, chosen.camera(), chosen.settings()), () -> {
            if (legacyCamera.equals(Optional.of(chosen.camera()))) {
                dropLegacyCameraSettings(); // saved below with the source
            }
            statusBar.show("Camera settings saved to the draft of recipe " + draft[0].name() + "; this station uses"
                    + " them now, and the line stays on v" + workstation.liveVersion().number()
                    + " until QA publishes the draft (Recipes tab, Versions)");
            start(chosen.camera());
        }, failure -> {
            showMessage("Camera settings not saved to the recipe: " + failure, true);
            showLive("Camera settings not saved. Open Camera settings again, or press Start (F5).");
        });
    }

    /**
     * Runs {@code work} on the control thread, then {@code thenOnFx} or {@code onFailure} (with a message for the
     * operator) on the FX thread. Whatever is thrown — including an {@link Error} such as a native library that cannot
     * load — Start is enabled again and the reason shown.
     */
    private void onControl(ControlWork work, Runnable thenOnFx, Consumer<String> onFailure) {
        controlBusy.set(true);
        background.execute(() -> {
            Optional<String> failure = Optional.empty();
            try {
                work.run();
            } catch (Throwable e) {
                failure = Optional.of(describe(e));
            }
            Optional<String> result = failure;
            fx.execute(() -> {
                controlBusy.set(false);
                result.ifPresentOrElse(onFailure, thenOnFx);
            });
        });
    }

    /** A domain exception's own message; anything else is logged with its stack and summarised. */
    static String describe(Throwable e) {
        if (e instanceof Exception && !(e instanceof RuntimeException) && e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        LOG.error("Capture control failed", e);
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String detail = cause.getMessage() == null || cause.getMessage().isBlank() ? "" : ": " + cause.getMessage();
        return "Failed unexpectedly (" + e.getClass().getSimpleName()
                + (cause != e ? ", caused by " + cause.getClass().getSimpleName() : "") + detail
                + "). Try another source or restart Kensa; the log has the details.";
    }

    // ---- messages, verdict and status

    /** The live view's placeholder; a repeated text shows again over a frame that came in since. */
    private void showLive(String text) {
        liveMessage.set("");
        liveMessage.set(text);
    }

    private void showMessage(String text, boolean problem) {
        if (text.isBlank() && legacyNotice.isPresent()) {
            text = legacyNotice.get();
            problem = false;
        }
        messageProblem.set(problem);
        message.set(text);
    }

    /** Once per FX pulse: the newest verdict, and the status bar four times a second. */
    void pulse(long nanos) {
        workstation.latestInspected().ifPresent(this::showVerdict);
        if (nanos - lastStatusNanos > 250_000_000L) {
            lastStatusNanos = nanos;
            refreshStatus();
            showUnattended();
        }
    }

    private void showUnattended() {
        unattended.set(operator.get() == null ? CaseViewModel.unattendedText(latestDesk) : "");
    }

    private void showVerdict(Inspected inspected) {
        if (inspected.frame().sequence() == lastDetectedSequence) {
            return;
        }
        lastDetectedSequence = inspected.frame().sequence();
        Detection d = inspected.detection();
        verdict.set(Optional.of(new Verdict(d.anomalous(), d.score(), d.threshold(), d.colourLow(), d.colourHigh())));
    }

    void refreshStatus() {
        statusBar.refresh(requested.map(workstation::hasSessionCamera).orElse(false));
        overlay.refresh(workstation);
    }

    // ---- WorkstationListener: worker threads → fx

    @Override
    public void capture(CaptureEvent event) {
        fx.execute(() -> {
            switch (event.kind()) {
                case RUNNING -> {
                    showMessage("", false);
                    showLive("");
                }
                case RECONNECTING -> {
                    showLive(event.text());
                    showMessage(event.text(), true);
                }
                case WARNING -> showMessage(event.text(), false);
                case CONNECTING, STOPPED -> { }
            }
        });
    }

    @Override
    public void model(double fraction, String text, boolean finished) {
        fx.execute(() -> {
            if (statusBar.model(fraction, text, finished)) {
                showMessage(text, true);
            }
        });
    }

    @Override
    public void desk(DeskSnapshot snapshot) {
        latestDesk = snapshot;
        caseVm.snapshot(snapshot);
    }

    @Override
    public void warning(String text) {
        fx.execute(() -> showMessage(text, false));
    }

    /** The settings view saved: keep them, and apply what takes effect without a restart (on the control thread). */
    void settingsSaved(Settings saved) {
        // the window owns the source, recent sources and overlay keys: keep its own values over the form's copy
        Settings merged = saved;
        List<String> owned = new ArrayList<>(List.of(Settings.SOURCE, Settings.SOURCE_LEGACY, RECENT_SOURCES));
        owned.addAll(OverlayViewModel.KEYS);
        for (String key : owned) {
            merged = merged.with(key, settings.get().get(key).orElse(null));
        }
        Settings kept = merged;
        settings.change(s -> kept);
        settings.saveInBackground(); // the form wrote its own copy of the window's keys: put the current ones back
        keys.use(kept);
        onControl(() -> workstation.reconfigure(saved), () -> {
            statusBar.describeExplainer();
            showMessage("Settings saved. Explainer: " + workstation.explainer().describe(), false);
        }, failure -> showMessage("Settings saved, but the explainer could not be set up: " + failure, true));
    }

    /** QA saved a prompt profile version: new cases use it, the override keys follow its classes. */
    void profileSaved(ProfileDocument saved) {
        try {
            workstation.useProfile(saved);
            caseVm.setProfile(saved.profile());
            showMessage("Prompt profile " + saved.name() + " v" + saved.version() + " is in use for new cases.", false);
        } catch (WorkstationException e) {
            showMessage("Profile saved but not in use: " + e.getMessage(), true);
        }
    }

    // ---- remembering the window's settings

    /** Settings to remember (window geometry is added by the application on close). */
    Settings settingsToSave() {
        return settings.toSave();
    }

    /** Writes the window's settings with {@code extra} (e.g. window geometry) now, after any pending write; for closing. */
    void saveNow(UnaryOperator<Settings> extra) {
        settings.saveNow(extra);
    }

    void dispose() {
        settings.cancelPendingSave();
    }
}
