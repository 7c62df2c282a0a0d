package io.kensa.ui;

import io.kensa.capture.CaptureEvent;
import io.kensa.capture.CaptureStats;
import io.kensa.capture.Frame;
import io.kensa.capture.FramePump;
import io.kensa.capture.FrameScaling;
import io.kensa.capture.RateMeter;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.detect.ColourMap;
import io.kensa.detect.Detection;
import io.kensa.detect.HeatmapRenderer;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.inspect.DetectorStats;
import io.kensa.inspect.Inspected;
import io.kensa.inspect.Workstation;
import io.kensa.inspect.WorkstationException;
import io.kensa.inspect.WorkstationListener;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptProfile;
import io.kensa.model.Decision;
import io.kensa.model.Operator;
import io.kensa.model.Severity;
import io.kensa.recipe.Recipe;
import io.kensa.review.DecisionKeymap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspect view: toolbar (source, start/stop, snapshot, overlay controls), the live view with heatmap, verdict
 * banner and score gauge, the case pane (explanation, Accept / Override) and the status bar. The FX thread only
 * draws: frames are polled from the display slot once per pulse (latest wins), worker events are coalesced.
 */
final class MainWindow implements WorkstationListener {
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);
    static final String RECENT_SOURCES = "capture.recent";
    static final String DIVIDER = "window.divider";
    private static final int RECENT_MAX = 8;
    private static final Duration SAVE_DELAY = Duration.millis(500);

    private final Workstation workstation;
    private final Operator operator;
    private final Path settingsFile;
    private PromptProfile profile;
    private DecisionKeymap keymap;
    private Settings settings;

    final BorderPane root = new BorderPane();
    final TabPane tabs = new TabPane();
    final LiveView live = new LiveView();
    final CasePane casePane = new CasePane();
    final ComboBox<String> source = new ComboBox<>();
    final Button startStop = new Button("Start  F5");
    final Button snapshot = new Button("Snapshot  F12");
    /** Replays of high-speed line recordings run well above a camera's usual rates. */
    static final double REPLAY_FPS_MAX = 1000;
    final Spinner<Double> replayFps = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, REPLAY_FPS_MAX, 10, 1));
    final HBox replayBox = new HBox(4, new Label("fps"), replayFps);
    final Label recipeLabel = new Label();
    final MenuItem findCameras = new MenuItem("Find cameras…");
    final MenuItem cameraSettings = new MenuItem("Camera settings…");
    final CheckBox heatmap = new CheckBox("Heatmap  H");
    final Slider opacity = new Slider(0.1, 1.0, 0.55);
    final ChoiceBox<ColourMap> colours = new ChoiceBox<>();
    final Label banner = new Label("IDLE");
    final ScoreGauge gauge = new ScoreGauge();
    private final ImageView legend = new ImageView();
    private final Label legendLow = new Label();
    private final Label legendHigh = new Label();
    final Label message = new Label();
    private final HBox messageBar = new HBox(message);
    final StatusBar status = new StatusBar();
    final Label operatorLabel = new Label();
    final Label captureLabel = new Label();
    final Label detectorLabel = new Label();
    final Label explainerLabel = new Label();
    final ProgressBar modelProgress = new ProgressBar(0);
    final Button modelAction = new Button("Cancel");

    private final RateMeter displayRate = new RateMeter();
    private final AtomicReference<DeskSnapshot> pendingDesk = new AtomicReference<>();
    private final AnimationTimer pulse;
    private final ExecutorService control = named("kensa-control");
    /** Writes settings.properties in the order changes happen, off the FX thread. */
    private final ExecutorService saver = named("kensa-settings");
    private final PauseTransition saveSoon = new PauseTransition(SAVE_DELAY);
    SplitPane split;
    /** The source started last or being started (camera without settings); empty while stopped. */
    private Optional<String> requested = Optional.empty();
    /** The picker's value when its list opened: a pick from the list is a change of it. */
    private String valueWhenShown;
    private boolean updatingPicker;
    /** The camera whose settings an older version remembered in its source, until they are saved or dropped. */
    private Optional<String> legacyCamera = Optional.empty();
    /** Shown whenever no other message is, while those settings are not in the recipe. */
    private Optional<String> legacyNotice = Optional.empty();
    /** Set while the window shows the running replay's rate in the spinner (not a change by the user). */
    private boolean showingReplayFps;
    private static final long HEATMAP_MAX_AGE_MS = 250;
    private long lastDetectedSequence = -1;
    private long overlaySequence = -1;
    private Image overlay;
    private long lastStatusNanos;
    private Image liveImage;
    private Optional<Frame> shownFrame = Optional.empty();

    /**
     * @param settingsFile where the window remembers its source, overlay and layout as they change
     *                     ({@code settings.properties} in the data folder)
     */
    MainWindow(Workstation workstation, Settings settings, Operator operator, Path settingsFile) {
        this.workstation = workstation;
        this.settings = settings;
        this.operator = operator;
        this.settingsFile = settingsFile;
        this.profile = workstation.profile().profile();
        this.keymap = keymap(settings);
        casePane.setProfile(profile);
        BorderPane inspect = new BorderPane(center());
        inspect.setTop(toolbar());
        Tab inspectTab = new Tab("Inspect", inspect);
        inspectTab.setClosable(false);
        tabs.getTabs().add(inspectTab);
        root.setCenter(tabs);
        root.setBottom(new VBox(messageBar, statusBar()));
        messageBar.getStyleClass().add("message-banner");
        adoptLegacyCameraSettings();
        showMessage("", false);
        wireActions();
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                onPulse(now);
            }
        };
        pulse.start();
    }

    Parent root() {
        return root;
    }

    private static ExecutorService named(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Shows the tab with this title (used by the screenshot mode). */
    void selectTab(String title) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /** Adds a view as a tab (Review, Prompts, Settings…); {@code onShown} runs each time the tab is selected. */
    void addTab(String title, javafx.scene.Node content, Runnable onShown) {
        Tab tab = new Tab(title, content);
        tab.setClosable(false);
        tab.setOnSelectionChanged(e -> {
            if (tab.isSelected()) {
                onShown.run();
            }
        });
        tabs.getTabs().add(tab);
    }

    private ToolBar toolbar() {
        source.setEditable(true);
        source.setPrefWidth(260);
        source.setTooltip(new Tooltip("folder:PATH  video:PATH  usb:0  usb:/dev/video0  gige://ADDRESS   (options: ?fps=5)"));
        // cameras are remembered without settings (those belong to the recipe), also when an older version wrote them
        LinkedHashSet<String> recent = new LinkedHashSet<>();
        settings.get(Settings.SOURCE).map(Workstation::cameraOnly).ifPresent(recent::add);
        recent.add(workstation.recipe().source());
        List.of(settings.get(RECENT_SOURCES, "").split("\n")).forEach(r -> recent.add(Workstation.cameraOnly(r)));
        recent.remove("");
        source.getItems().setAll(recent);
        source.setValue(recent.iterator().next());
        heatmap.setSelected(Boolean.parseBoolean(settings.get("overlay.heatmap", "true")));
        opacity.setValue(settings.getDouble("overlay.opacity", 0.55));
        opacity.setPrefWidth(110);
        opacity.setTooltip(new Tooltip("Heatmap opacity"));
        colours.getItems().setAll(ColourMap.values());
        colours.setValue(parseColourMap(settings.get("overlay.colours", "JET")));
        showRecipe(workstation.recipe());
        replayFps.setEditable(true);
        // typed text that is not a number keeps the rate (the default converter would throw on the FX thread)
        replayFps.getValueFactory().setConverter(CameraSettingsDialog.lenient(replayFps,
                text -> Math.max(0, Math.min(REPLAY_FPS_MAX, Double.parseDouble(text.replace(',', '.')))),
                CameraSettingsDialog::number));
        replayFps.setPrefWidth(80);
        replayFps.setTooltip(new Tooltip("Replay speed in frames per second (0 = as fast as possible). Folder and video "
                + "replays only; a camera's rate is a camera setting."));
        replayBox.setAlignment(Pos.CENTER_LEFT);
        showReplayControl();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(recipeLabel, new Separator(Orientation.VERTICAL), new Label("Source"), source, replayBox,
                new MenuButton("Camera", null, findCameras, cameraSettings), startStop, snapshot,
                new Separator(Orientation.VERTICAL), heatmap, opacity, colours, spacer);
    }

    private static ColourMap parseColourMap(String name) {
        try {
            return ColourMap.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ColourMap.JET;
        }
    }

    private SplitPane center() {
        banner.getStyleClass().addAll("banner", "banner-idle");
        VBox overlay = new VBox(8, banner, gauge);
        overlay.setPadding(new Insets(12));
        overlay.setPickOnBounds(false);
        overlay.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(overlay, Pos.TOP_LEFT);
        legend.setFitWidth(14);
        legend.setFitHeight(160);
        legendLow.getStyleClass().add("muted");
        legendHigh.getStyleClass().add("muted");
        VBox legendBox = new VBox(4, legendHigh, legend, legendLow);
        legendBox.setAlignment(Pos.CENTER);
        legendBox.setPadding(new Insets(12));
        legendBox.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        legendBox.setMouseTransparent(true);
        legendBox.visibleProperty().bind(heatmap.selectedProperty());
        StackPane.setAlignment(legendBox, Pos.CENTER_RIGHT);
        live.getChildren().addAll(overlay, legendBox);
        split = new SplitPane(live, casePane);
        split.setDividerPositions(settings.getDouble(DIVIDER, 0.64));
        return split;
    }

    private StatusBar statusBar() {
        status.getStyleClass().add("status-bar");
        status.setText("");
        modelProgress.setPrefWidth(120);
        operatorLabel.setText(operator.name() + " (" + operator.role().wire().replace('_', ' ') + ")");
        operatorLabel.setTooltip(new Tooltip("Operator " + operator.label() + " — decisions are recorded under this name"));
        status.getLeftItems().setAll(operatorLabel, new Separator(Orientation.VERTICAL), captureLabel);
        modelAction.setOnAction(e -> {
            if (modelProgress.isVisible()) {
                workstation.cancelDetectorPreparation();
            } else {
                workstation.prepareDetector();
            }
        });
        status.getRightItems().setAll(detectorLabel, modelProgress, modelAction, new Separator(Orientation.VERTICAL), explainerLabel);
        captureLabel.setTooltip(new Tooltip("dropped: camera frames the live view never showed because it fell behind"));
        detectorLabel.setTooltip(new Tooltip("skipped: frames the detector did not look at because it was still busy with "
                + "the one before (normal when the camera is faster than the detector; it always takes the newest)"));
        explainerLabel.setTooltip(new Tooltip(workstation.explainer().describe() + "\nDatabase " + workstation.database().describe()));
        return status;
    }

    private void wireActions() {
        startStop.setOnAction(e -> toggleCapture());
        snapshot.setOnAction(e -> takeSnapshot());
        findCameras.setOnAction(e -> CamerasDialog.choose(root.getScene().getWindow()).ifPresent(this::start));
        cameraSettings.setOnAction(e -> editCamera());
        wirePicker();
        replayFps.valueProperty().addListener((o, a, fps) -> {
            if (fps != null && !showingReplayFps) { // only the user's changes: showing the rate never changes it
                workstation.pump().ifPresent(p -> p.setReplayFps(fps));
            }
        });
        casePane.sendToLlm.setOnAction(e -> {
            if (!workstation.sendLatestOnDemand()) {
                showMessage("No detected frame to send yet: start the camera and wait for the detector.", true);
            }
        });
        casePane.explainAgain.setOnAction(e -> workstation.desk().explainAgain());
        casePane.accept.setOnAction(e -> record(workstation.desk().accept(casePane.shownCase(), operator), "Accepted"));
        casePane.override.setOnAction(e -> casePane.openOverride());
        casePane.confirm.setOnAction(e -> confirmOverride());
        casePane.cancelOverride.setOnAction(e -> casePane.closeOverride());
        casePane.undo.setOnAction(e -> record(workstation.desk().undo(operator), "Undone"));
        colours.setOnAction(e -> legend.setImage(FxImages.toFx(HeatmapRenderer.legend(14, 160, colours.getValue()))));
        legend.setImage(FxImages.toFx(HeatmapRenderer.legend(14, 160, colours.getValue())));
        heatmap.selectedProperty().addListener((o, a, on) -> {
            if (!on) {
                live.clearHeatmap();
            }
        });
        colours.valueProperty().addListener((o, a, b) -> overlaySequence = -1);
        // remembered as they change, not only on close: a crash or power cut keeps them
        saveSoon.setOnFinished(e -> saveInBackground());
        heatmap.selectedProperty().addListener((o, a, b) -> saveSoon.playFromStart());
        opacity.valueProperty().addListener((o, a, b) -> saveSoon.playFromStart());
        colours.valueProperty().addListener((o, a, b) -> saveSoon.playFromStart());
        split.getDividers().get(0).positionProperty().addListener((o, a, b) -> saveSoon.playFromStart());
    }

    /**
     * Enter in the source field, or a pick from its list, (re)starts capture with that source. Typing alone, leaving
     * the field, or the window setting the picker never does.
     */
    private void wirePicker() {
        source.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !source.isShowing()) {
                switchTo(Optional.ofNullable(source.getEditor().getText()).orElse(""));
            }
        });
        source.setOnShowing(e -> valueWhenShown = source.getValue());
        source.setOnHidden(e -> {
            if (!updatingPicker && source.getValue() != null && !source.getValue().equals(valueWhenShown)) {
                switchTo(source.getValue());
            }
        });
    }

    /** Starts this source unless it is the one already running or starting. */
    private void switchTo(String spec) {
        String wanted = spec.strip();
        if (wanted.isEmpty() || (workstation.capturing() && requested.equals(Optional.of(Workstation.cameraOnly(wanted)))
                && wanted.equals(Workstation.cameraOnly(wanted)))) {
            return;
        }
        start(wanted);
    }

    /**
     * An older Kensa wrote the camera settings into the remembered source ({@code gige://…?width=…}). They are this
     * session's camera settings, so the camera runs as before, and stay under {@link Settings#SOURCE_LEGACY} (the
     * source itself is remembered without them) until they are saved to the recipe or another source is picked.
     */
    private void adoptLegacyCameraSettings() {
        Optional<String> remembered = settings.get(Settings.SOURCE);
        Optional<String> legacy = settings.get(Settings.SOURCE_LEGACY)
                .or(() -> remembered.filter(s -> Workstation.isCamera(s) && !Workstation.cameraOnly(s).equals(s)));
        if (legacy.isEmpty()) {
            return;
        }
        String camera = Workstation.cameraOnly(legacy.get());
        if (!remembered.map(Workstation::cameraOnly).equals(Optional.of(camera))) {
            settings = settings.with(Settings.SOURCE_LEGACY, null); // another source was picked since
            saveInBackground();
            return;
        }
        workstation.useCameraForSession(camera, workstation.cameraSettings(legacy.get()));
        legacyCamera = Optional.of(camera);
        legacyNotice = Optional.of("Camera settings from the previous Kensa version (" + legacy.get()
                .substring(legacy.get().indexOf('?') + 1).replace("&", ", ") + ") are used for this session only. "
                + "To keep them, open Camera → Camera settings… and press Save to recipe.");
        settings = settings.with(Settings.SOURCE_LEGACY, legacy.get());
        saveInBackground();
    }

    /** The older version's settings are in the recipe now, or not wanted: stop offering and keeping them. */
    private void dropLegacyCameraSettings() {
        if (legacyCamera.isPresent()) {
            legacyCamera = Optional.empty();
            legacyNotice = Optional.empty();
            settings = settings.with(Settings.SOURCE_LEGACY, null);
            showMessage("", false);
        }
    }

    /** Shows a spec in the picker without that counting as the user's pick. */
    private void setPicker(String spec) {
        updatingPicker = true;
        try {
            source.getEditor().setText(spec);
            source.setValue(spec);
        } finally {
            updatingPicker = false;
        }
    }

    /**
     * Camera settings: the camera is released (one controller at a time), the dialog starts from the settings it runs
     * with, and the choice is saved to the recipe or used for this session; then capture starts again.
     */
    private void editCamera() {
        String current = Optional.ofNullable(source.getEditor().getText()).orElse("").strip();
        if (!Workstation.isCamera(current)) {
            showMessage("Camera settings are for cameras: type or pick usb:0 or gige://ADDRESS (Find cameras lists "
                    + "them). A replay's rate is the fps box next to the source.", true);
            return;
        }
        boolean wasRunning = workstation.capturing();
        onControl(workstation::stopCapture, () -> {
            showStopped("Camera settings are open.");
            Optional<CameraSettingsDialog.Choice> choice = CameraSettingsDialog.edit(root.getScene().getWindow(), current,
                    workstation.cameraSettings(current));
            if (choice.isEmpty()) {
                if (wasRunning) {
                    start(current);
                } else {
                    showStopped("Press Start (F5) to begin.");
                }
                return;
            }
            CameraSettingsDialog.Choice chosen = choice.get();
            if (!chosen.saveToRecipe()) {
                workstation.useCameraForSession(chosen.camera(), chosen.settings());
                start(chosen.camera());
                return;
            }
            AtomicReference<Recipe> saved = new AtomicReference<>();
            onControl(() -> saved.set(workstation.saveCameraToRecipe(chosen.camera(), chosen.settings())), () -> {
                showRecipe(saved.get());
                if (legacyCamera.equals(Optional.of(chosen.camera()))) {
                    dropLegacyCameraSettings(); // saved below with the source
                }
                status.setText("Camera settings saved to recipe " + saved.get().name() + " v" + saved.get().version());
                start(chosen.camera());
            }, failure -> {
                showMessage("Camera settings not saved to the recipe: " + failure, true);
                live.showMessage("Camera settings not saved. Open Camera settings again, or press Start (F5).");
            });
        }, failure -> showMessage(failure, true));
    }

    private void showRecipe(Recipe recipe) {
        recipeLabel.setText("Recipe: " + recipe.title() + " (v" + recipe.version() + ")");
    }

    /** The replay rate control: shown for folder and video replays, hidden for cameras, disabled while stopped. */
    private void showReplayControl() {
        OptionalDouble fps = workstation.pump().map(FramePump::replayFps).orElse(OptionalDouble.empty());
        String current = Optional.ofNullable(source.getEditor().getText()).orElse("").strip().toLowerCase(Locale.ROOT);
        boolean replay = fps.isPresent() || current.startsWith("folder:") || current.startsWith("video:");
        replayBox.setVisible(replay);
        replayBox.setManaged(replay);
        replayFps.setDisable(fps.isEmpty());
        if (fps.isPresent()) {
            showingReplayFps = true;
            try {
                replayFps.getValueFactory().setValue(fps.getAsDouble());
            } finally {
                showingReplayFps = false;
            }
        }
    }

    /** The decision keys from the settings ({@code keymap.decision}, e.g. for a foot pedal), else the defaults. */
    private DecisionKeymap keymap(Settings settings) {
        try {
            return settings.get(SettingsForm.KEYMAP).map(DecisionKeymap::parse).orElse(DecisionKeymap.defaults());
        } catch (IllegalArgumentException e) {
            showMessage("Key map setting ignored: " + e.getMessage(), false);
            return DecisionKeymap.defaults();
        }
    }

    /** The window's scene: the stylesheet and the keyboard shortcuts installed. */
    Scene scene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        // decision keys also work from a USB keypad / foot pedal (Enter, digits, F13–F15)
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (handleKey(e)) {
                e.consume();
            }
        });
        return scene;
    }

    private boolean handleKey(KeyEvent e) {
        if (tabs.getSelectionModel().getSelectedIndex() != 0) {
            return false; // decision and capture keys belong to the Inspect tab only
        }
        javafx.scene.Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        boolean typing = focus instanceof javafx.scene.control.TextInputControl
                || focus instanceof javafx.scene.control.ComboBoxBase || focus instanceof javafx.scene.control.Spinner;
        KeyCode code = e.getCode();
        if (code == KeyCode.F5) {
            toggleCapture();
            return true;
        }
        if (code == KeyCode.F12 || new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN).match(e)) {
            takeSnapshot();
            return true;
        }
        if (!typing && new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN).match(e)) {
            casePane.undo.fire();
            return true;
        }
        Optional<DecisionKeymap.Binding> binding = keymap.lookup(code.name());
        if (casePane.overrideOpen()) {
            DecisionKeymap.Command command = binding.map(DecisionKeymap.Binding::command).orElse(null);
            if (command == DecisionKeymap.Command.CANCEL) {
                casePane.closeOverride();
                return true;
            }
            if (command == DecisionKeymap.Command.ACCEPT) {
                confirmOverride();
                return true;
            }
            if (typing) {
                return false;
            }
            if (command == DecisionKeymap.Command.PICK_CLASS) {
                casePane.pickClass(binding.get().classIndex(), profile);
                return true;
            }
            Optional<Severity> s = switch (code) {
                case N -> Optional.of(Severity.NORMAL);
                case M -> Optional.of(Severity.MINOR);
                case D -> Optional.of(Severity.DEFECT);
                default -> Optional.empty();
            };
            s.ifPresent(casePane::pickSeverity);
            return s.isPresent();
        }
        if (typing) {
            return false;
        }
        if (binding.isPresent()) {
            switch (binding.get().command()) {
                case ACCEPT -> {
                    if (!casePane.accept.isDisabled()) {
                        casePane.accept.fire();
                    }
                }
                case OVERRIDE -> casePane.openOverride();
                case UNDO -> casePane.undo.fire();
                default -> {
                    return false;
                }
            }
            return true;
        }
        switch (code) {
            case H -> heatmap.setSelected(!heatmap.isSelected());
            case L -> (e.isShiftDown() ? casePane.explainAgain : casePane.sendToLlm).fire();
            default -> {
                return false;
            }
        }
        return true;
    }

    private void confirmOverride() {
        Optional<String> cls = casePane.chosenClass();
        if (cls.isEmpty()) {
            showMessage("Pick the true class first (number key 1–" + (profile.anomalyClasses().size() + 1) + ").", true);
            return;
        }
        Severity severity = casePane.chosenSeverity().orElse(Severity.DEFECT);
        record(workstation.desk().override(casePane.shownCase(), operator, cls.get(), severity, casePane.comment.getText()),
                "Overridden");
        casePane.closeOverride();
    }

    private void record(CompletableFuture<Decision> decision, String verb) {
        casePane.saved("Saving…", true);
        casePane.saving(true);
        decision.whenComplete((d, error) -> Platform.runLater(() -> {
            casePane.saving(false);
            workstation.desk().republish();
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                casePane.saved("Not recorded: " + cause.getMessage(), false);
                showMessage(cause.getMessage(), true);
            } else {
                casePane.saved(verb + " — saved (decision " + d.id() + ")", true);
                showMessage("", false);
            }
        }));
    }

    private void toggleCapture() {
        if (workstation.capturing()) {
            onControl(workstation::stopCapture, () -> showStopped("Stopped. Press Start (F5) to go on."),
                    failure -> showMessage(failure, true));
            return;
        }
        String spec = Optional.ofNullable(source.getEditor().getText()).orElse("").strip();
        if (spec.isEmpty()) {
            showMessage("Type or pick a source first, e.g. folder:/path/to/images or usb:0.", true);
            return;
        }
        start(spec);
    }

    /**
     * Starts (or restarts) capture from a source on the control thread. The picker and the remembered source keep the
     * camera without settings; settings written in the spec are this session's (see {@link Workstation#startCapture}).
     */
    private void start(String spec) {
        String camera = Workstation.cameraOnly(spec);
        requested = Optional.of(camera);
        live.showMessage("Connecting to " + spec + " …");
        onControl(() -> workstation.startCapture(spec), () -> {
            startStop.setText("Stop  F5");
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
        startStop.setText(workstation.capturing() ? "Stop  F5" : "Start  F5");
        if (!workstation.capturing()) {
            requested = Optional.empty();
        }
        live.showMessage(text);
        live.clearHeatmap();
        banner.setText("IDLE");
        banner.getStyleClass().setAll("label", "banner", "banner-idle");
        gauge.hide();
        lastDetectedSequence = -1;
        showReplayControl();
    }

    /** Work that may wait on a device or the disk runs on the control thread; the window stays responsive. */
    private interface ControlWork {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} on the control thread, then {@code thenOnFx} or {@code onFailure} (with a message for the
     * operator) on the FX thread. Whatever is thrown — including an {@link Error} such as a native library that cannot
     * load — Start is enabled again and the reason shown.
     */
    private void onControl(ControlWork work, Runnable thenOnFx, Consumer<String> onFailure) {
        startStop.setDisable(true);
        control.execute(() -> {
            Optional<String> failure = Optional.empty();
            try {
                work.run();
            } catch (Throwable e) {
                failure = Optional.of(describe(e));
            }
            Optional<String> result = failure;
            Platform.runLater(() -> {
                startStop.setDisable(false);
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

    void startCaptureNow() {
        if (!workstation.capturing()) {
            toggleCapture();
        }
    }

    /** The started source goes first in the recent list and is written to the settings file at once. */
    private void rememberSource(String spec) {
        List<String> recent = new ArrayList<>(source.getItems());
        recent.remove(spec);
        recent.add(0, spec);
        updatingPicker = true;
        try {
            source.getItems().setAll(recent.subList(0, Math.min(RECENT_MAX, recent.size())));
        } finally {
            updatingPicker = false;
        }
        setPicker(spec);
        if (legacyCamera.isPresent() && !legacyCamera.get().equals(spec)) {
            dropLegacyCameraSettings();
        }
        settings = settings.with(Settings.SOURCE, spec).with(RECENT_SOURCES, String.join("\n", source.getItems()));
        saveInBackground();
    }

    /** Saves the frame on screen (without the overlay). */
    private void takeSnapshot() {
        if (shownFrame.isEmpty()) {
            showMessage("There is no frame to save yet: start the camera first.", true);
            return;
        }
        Frame frame = shownFrame.get();
        control.execute(() -> {
            try {
                Path file = workstation.snapshot(frame);
                Platform.runLater(() -> {
                    showMessage("Snapshot saved: " + file, false);
                    status.setText("Snapshot saved: " + file.getFileName());
                });
            } catch (Exception e) {
                Platform.runLater(() -> showMessage("Snapshot not saved: " + e.getMessage(), true));
            }
        });
    }

    private void showMessage(String text, boolean problem) {
        if (text.isBlank() && legacyNotice.isPresent()) {
            text = legacyNotice.get();
            problem = false;
        }
        message.setText(text);
        boolean visible = !text.isBlank();
        messageBar.setVisible(visible);
        messageBar.setManaged(visible);
        messageBar.getStyleClass().setAll("message-banner", problem ? "message-banner-error" : "message-banner-warning");
    }

    private void onPulse(long now) {
        // the live view runs at the camera's rate; the detector's verdict and heatmap follow at the detector's
        workstation.display().flatMap(slot -> slot.poll()).ifPresent(this::showFrame);
        Optional<Inspected> latest = workstation.latestInspected();
        latest.ifPresent(this::showVerdict);
        if (heatmap.isSelected()) {
            latest.ifPresent(this::showHeatmap);
        }
        DeskSnapshot desk = pendingDesk.getAndSet(null);
        if (desk != null) {
            casePane.show(desk);
            desk.problem().ifPresent(p -> showMessage("Not recording: " + p, true));
            desk.warning().ifPresent(w -> showMessage(w, true));
        }
        if (now - lastStatusNanos > 250_000_000L) {
            lastStatusNanos = now;
            refreshStatus();
        }
    }

    private void showFrame(Frame frame) {
        int w = (int) Math.max(1, live.getWidth());
        int h = (int) Math.max(1, live.getHeight());
        // never upscale: the ImageView scales up on the GPU/raster for free
        BufferedImage fitted = frame.width() > w || frame.height() > h ? FrameScaling.fitInto(frame.image(), w, h) : frame.image();
        liveImage = FxImages.toFx(fitted, liveImage);
        live.showFrame(liveImage);
        shownFrame = Optional.of(frame);
        displayRate.tick();
    }

    /**
     * The heatmap of the newest detection, drawn only while the frame on screen is close in time to the frame it was
     * computed on: a stationary part keeps its overlay at the camera's full rate, and a map is never shown over a
     * different part (replays, a moving line) — it disappears until that part's own detection arrives.
     */
    private void showHeatmap(Inspected inspected) {
        if (inspected.frame().sequence() != overlaySequence) {
            overlaySequence = inspected.frame().sequence();
            Detection d = inspected.detection();
            int w = inspected.frame().width(), h = inspected.frame().height();
            double scale = Math.min(1, 480.0 / Math.max(w, h)); // the overlay is smooth; 480 px is plenty
            int ow = Math.max(1, (int) (w * scale)), oh = Math.max(1, (int) (h * scale));
            BufferedImage map = HeatmapRenderer.heatmap(d, ow, oh, colours.getValue(), 1.0);
            BufferedImage edges = HeatmapRenderer.outlines(d, ow, oh, 0xffffffff);
            map.getGraphics().drawImage(edges, 0, 0, null);
            overlay = FxImages.toFx(map);
        }
        boolean samePart = shownFrame.map(f -> Math.abs(java.time.Duration.between(inspected.frame().capturedAt(),
                f.capturedAt()).toMillis()) <= HEATMAP_MAX_AGE_MS).orElse(false);
        if (samePart) {
            live.showHeatmap(overlay, opacity.getValue());
        } else {
            live.clearHeatmap();
        }
    }

    private void showVerdict(Inspected inspected) {
        if (inspected.frame().sequence() == lastDetectedSequence) {
            return;
        }
        lastDetectedSequence = inspected.frame().sequence();
        Detection d = inspected.detection();
        banner.setText(d.anomalous() ? "ANOMALOUS" : "OK");
        banner.getStyleClass().setAll("label", "banner", d.anomalous() ? "banner-anomalous" : "banner-ok");
        gauge.show(d.score(), d.threshold());
        legendLow.setText(String.format(Locale.ROOT, "%.2f", d.colourLow()));
        legendHigh.setText(String.format(Locale.ROOT, "%.2f", d.colourHigh()));
    }

    private void refreshStatus() {
        Optional<CaptureStats> stats = workstation.pump().map(p -> p.stats());
        String frameSize = shownFrame.map(f -> f.width() + "×" + f.height()).orElse("—");
        // the live view's drops are the ones that matter; the detector skipping frames while busy is by design
        captureLabel.setText(stats.map(s -> String.format(Locale.ROOT, "%s · capture %.1f fps · display %.1f fps · %s · dropped %d",
                s.state().name().toLowerCase(Locale.ROOT), s.captureFps(), displayRate.perSecond(), frameSize,
                dropped(s, "display")) + (requested.map(workstation::hasSessionCamera).orElse(false)
                        ? " · camera settings for this session only" : "")).orElse("stopped"));
        DetectorStats d = workstation.detectorStats();
        detectorLabel.setText(String.format(Locale.ROOT, "detector %s · %.1f fps · %.0f ms · %s", d.state(), d.fps(), d.lastMs(), d.device())
                + stats.filter(s -> s.consumers().stream().anyMatch(c -> c.name().equals("detect")))
                        .map(s -> " · skipped " + dropped(s, "detect")).orElse(""));
        var x = workstation.explainer().stats();
        long tokens = x.promptTokens() + x.completionTokens();
        explainerLabel.setText(String.format(Locale.ROOT, "explainer: %d calls · %d cached · %d failed", x.calls(), x.cacheHits(), x.failures())
                + (tokens > 0 ? " · " + tokens + " tokens" : "")
                + (x.costEstimate() > 0 ? String.format(Locale.ROOT, " · ~%.2f cost", x.costEstimate()) : "")
                + (x.latencyP95Ms() > 0 ? String.format(Locale.ROOT, " · p95 %.1f s", x.latencyP95Ms() / 1000.0) : ""));
    }

    private static long dropped(CaptureStats stats, String consumer) {
        return stats.consumers().stream().filter(c -> c.name().equals(consumer)).mapToLong(CaptureStats.Consumer::dropped).sum();
    }

    // ---- WorkstationListener: worker threads → FX thread

    @Override
    public void capture(CaptureEvent event) {
        Platform.runLater(() -> {
            switch (event.kind()) {
                case RUNNING -> {
                    showMessage("", false);
                    live.showMessage("");
                }
                case RECONNECTING -> {
                    live.showMessage(event.text());
                    showMessage(event.text(), true);
                }
                case WARNING -> showMessage(event.text(), false);
                case CONNECTING, STOPPED -> { }
            }
        });
    }

    @Override
    public void model(double fraction, String text, boolean finished) {
        Platform.runLater(() -> {
            modelProgress.setProgress(fraction);
            modelProgress.setVisible(!finished);
            modelProgress.setManaged(!finished);
            boolean failed = finished && !text.startsWith("Detector ready");
            modelAction.setText(finished ? "Prepare detector" : "Cancel");
            modelAction.setVisible(!finished || failed);
            modelAction.setManaged(!finished || failed);
            // progress and failures are worth the space; "ready" is already in the detector label
            status.setText(finished && !failed ? "" : text);
            if (failed) {
                showMessage(text, true);
            }
        });
    }

    @Override
    public void desk(DeskSnapshot snapshot) {
        pendingDesk.set(snapshot);
    }

    @Override
    public void warning(String text) {
        Platform.runLater(() -> showMessage(text, false));
    }

    /** The settings view saved: keep them, and apply what takes effect without a restart. */
    void settingsSaved(Settings saved) {
        // the window owns the source, recent sources and overlay keys: keep its own values over the form's copy
        Settings merged = saved;
        for (String key : List.of(Settings.SOURCE, Settings.SOURCE_LEGACY, RECENT_SOURCES, "overlay.heatmap", "overlay.opacity", "overlay.colours", DIVIDER)) {
            merged = merged.with(key, settings.get(key).orElse(null));
        }
        settings = merged;
        saveInBackground(); // the form wrote its own copy of the window's keys: put the current ones back
        keymap = keymap(merged);
        try {
            workstation.reconfigure(saved);
            explainerLabel.setTooltip(new Tooltip(workstation.explainer().describe() + "\nDatabase " + workstation.database().describe()));
            showMessage("Settings saved. Explainer: " + workstation.explainer().describe(), false);
        } catch (WorkstationException e) {
            showMessage("Settings saved, but the explainer could not be set up: " + e.getMessage(), true);
        }
    }

    /** QA saved a prompt profile version: new cases use it, the override keys follow its classes. */
    void profileSaved(ProfileDocument saved) {
        try {
            workstation.useProfile(saved);
            profile = saved.profile();
            casePane.setProfile(profile);
            showMessage("Prompt profile " + saved.name() + " v" + saved.version() + " is in use for new cases.", false);
        } catch (WorkstationException e) {
            showMessage("Profile saved but not in use: " + e.getMessage(), true);
        }
    }

    /** Settings to remember (window geometry is added by the application on close). */
    Settings settingsToSave() {
        return settings.with("overlay.heatmap", String.valueOf(heatmap.isSelected()))
                .with("overlay.opacity", String.format(Locale.ROOT, "%.2f", opacity.getValue()))
                .with("overlay.colours", colours.getValue().name())
                .with(DIVIDER, String.format(Locale.ROOT, "%.3f", split.getDividers().get(0).getPosition()));
    }

    /** Writes the current settings on the settings thread (the latest write wins; writes are atomic). */
    private void saveInBackground() {
        saveSoon.stop();
        Settings snapshot = settingsToSave();
        saver.execute(() -> write(snapshot));
    }

    /**
     * Writes the settings with {@code extra} (e.g. window geometry) now, after any pending write; for closing.
     * Waits at most a few seconds.
     */
    void saveNow(UnaryOperator<Settings> extra) {
        saveSoon.stop();
        settings = extra.apply(settingsToSave());
        Settings snapshot = settings;
        try {
            saver.submit(() -> write(snapshot)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Settings not saved on close: {}", e.toString());
        }
    }

    private void write(Settings snapshot) {
        try {
            snapshot.save(settingsFile);
        } catch (IOException e) {
            LOG.warn("Settings not saved to {}: {}", settingsFile, e.getMessage());
            Platform.runLater(() -> showMessage("Settings not saved to " + settingsFile + ": " + e.getMessage(), false));
        }
    }

    void dispose() {
        pulse.stop();
        saveSoon.stop();
        control.shutdown();
        saver.shutdown();
    }
}
