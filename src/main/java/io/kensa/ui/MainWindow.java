package io.kensa.ui;

import io.kensa.config.Settings;
import io.kensa.detect.ColourMap;
import io.kensa.inspect.Workstation;
import io.kensa.inspect.WorkstationListener;
import io.kensa.llm.ProfileDocument;
import io.kensa.model.Operator;
import io.kensa.util.Threads;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The inspect view: toolbar (source, start/stop, snapshot, overlay controls), the live view with heatmap, verdict
 * banner and score gauge, the case pane (explanation, Accept / Override) and the status bar. It builds controls and
 * binds them to its {@link InspectViewModel}; the FX pulse only copies the render thread's ready pixels.
 */
final class MainWindow {
    static final String DIVIDER = OverlayViewModel.DIVIDER;
    static final double REPLAY_FPS_MAX = InspectViewModel.REPLAY_FPS_MAX;

    private final InspectViewModel vm;
    private final FrameRenderer renderer;
    private final ExecutorService control = Threads.single("kensa-control");
    /** Writes settings.properties in the order changes happen, off the FX thread. */
    private final ScheduledExecutorService saver =
            Executors.newSingleThreadScheduledExecutor(Threads.factory("kensa-settings", false));
    private final ExecutorService caseThread = Threads.single("kensa-case-view");

    final BorderPane root = new BorderPane();
    final TabPane tabs = new TabPane();
    final LiveView live = new LiveView();
    final CasePane casePane;
    final SourcePicker picker;
    final Button startStop = new Button();
    final Button snapshot = new Button("Snapshot  F12");
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
    final InspectStatusBar statusBar;
    final SplitPane split;
    private final AnimationTimer pulse;
    private final CamOverlayControls camControls;
    /** Set while the window shows the view-model's replay rate (not a change by the user). */
    private boolean updating;
    /** The window, and over it the sign-in screen while nobody is signed in. */
    private final StackPane layers = new StackPane();
    final MenuItem switchOperator = new MenuItem("Switch operator / sign out  (Ctrl+L)");
    /** Which tabs the signed-in role sees; {@link #allTabs} keeps every tab in window order. */
    private final TabsViewModel tabsVm = new TabsViewModel();
    private final java.util.List<Tab> allTabs = new java.util.ArrayList<>();

    /**
     * @param settingsFile where the window remembers its source, overlay and layout as they change
     *                     ({@code settings.properties} in the data folder)
     */
    MainWindow(Workstation workstation, Settings settings, Operator operator, Path settingsFile) {
        renderer = new FrameRenderer(workstation::display, workstation::latestInspected, workstation::latestCam);
        vm = new InspectViewModel(workstation, settings, operator, settingsFile, renderer, control, saver, caseThread,
                Platform::runLater);
        vm.cameraDialog(r -> CameraSettingsDialog.edit(root.getScene().getWindow(), r.camera(), r.settings()));
        casePane = new CasePane(vm.caseView());
        picker = new SourcePicker(vm);
        statusBar = new InspectStatusBar(vm.statusBar());
        split = new SplitPane(live, casePane);
        camControls = new CamOverlayControls(vm.overlay(), live);
        BorderPane inspect = new BorderPane(center());
        inspect.setTop(toolbar());
        Tab inspectTab = new Tab("Inspect", inspect);
        inspectTab.setClosable(false);
        allTabs.add(inspectTab);
        tabsVm.add(inspectTab.getText());
        tabsVm.operator(operator);
        tabsVm.shown().addListener((javafx.collections.ListChangeListener<String>) change -> showTabs());
        showTabs();
        root.setCenter(tabs);
        statusBar.operator(vm.operatorText(), vm.operatorTooltip());
        root.setBottom(new VBox(messageBar, statusBar.bar));
        bindMessage();
        wireActions();
        ids();
        live.widthProperty().addListener((o, a, b) -> renderer.viewSize(live.getWidth(), live.getHeight()));
        live.heightProperty().addListener((o, a, b) -> renderer.viewSize(live.getWidth(), live.getHeight()));
        renderer.start();
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                renderer.poll().ifPresent(live::draw);
                vm.pulse(now);
            }
        };
        pulse.start();
    }

    /** Ids for the robot tests and the stylesheet. */
    private void ids() {
        startStop.setId("start-stop");
        replayFps.setId("replay-fps");
        heatmap.setId("heatmap");
        banner.setId("banner");
        message.setId("message");
        live.placeholder.setId("live-message");
        split.setId("inspect-split");
    }

    Parent root() {
        return root;
    }

    /** The events of the workstation, for the view-model. */
    WorkstationListener listener() {
        return vm;
    }

    /** Shows the tab with this title (used by the screenshot mode). */
    void selectTab(String title) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /**
     * Adds a view as a tab (Review, Prompts, Settings…), shown to the roles {@link TabsViewModel#NEEDS} names;
     * {@code onShown} runs each time the tab is selected.
     */
    void addTab(String title, Node content, Runnable onShown) {
        Tab tab = new Tab(title, content);
        tab.setClosable(false);
        tab.setOnSelectionChanged(e -> {
            if (tab.isSelected()) {
                onShown.run();
            }
        });
        allTabs.add(tab);
        tabsVm.add(title);
    }

    /** Puts the tabs the signed-in role may use in the window, keeping the selected one if it stays. */
    private void showTabs() {
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        tabs.getTabs().setAll(allTabs.stream().filter(t -> tabsVm.shown().contains(t.getText())).toList());
        if (selected != null && tabs.getTabs().contains(selected)) {
            tabs.getSelectionModel().select(selected);
        }
    }

    private ToolBar toolbar() {
        heatmap.selectedProperty().bindBidirectional(vm.overlay().heatmap());
        opacity.valueProperty().bindBidirectional(vm.overlay().opacity());
        opacity.setPrefWidth(110);
        opacity.setTooltip(new Tooltip("Heatmap opacity"));
        colours.getItems().setAll(ColourMap.values());
        colours.valueProperty().bindBidirectional(vm.overlay().colours());
        recipeLabel.textProperty().bind(vm.recipeText());
        replayFps.setEditable(true);
        // typed text that is not a number keeps the rate (the default converter would throw on the FX thread)
        replayFps.getValueFactory().setConverter(CameraSettingsDialog.lenient(replayFps,
                text -> Math.max(0, Math.min(REPLAY_FPS_MAX, Double.parseDouble(text.replace(',', '.')))),
                CameraSettingsDialog::number));
        replayFps.setPrefWidth(80);
        replayFps.setTooltip(new Tooltip("Replay speed in frames per second (0 = as fast as possible). Folder and video "
                + "replays only; a camera's rate is a camera setting."));
        replayBox.setAlignment(Pos.CENTER_LEFT);
        replayBox.visibleProperty().bind(vm.replayVisible());
        replayBox.managedProperty().bind(vm.replayVisible());
        replayFps.disableProperty().bind(vm.replayEnabled().not());
        showReplayFps();
        vm.replayFps().addListener((o, a, b) -> showReplayFps());
        startStop.textProperty().bind(vm.startStopText());
        startStop.disableProperty().bind(vm.controlBusy());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(recipeLabel, new Separator(Orientation.VERTICAL), new Label("Source"), picker.source, replayBox,
                new MenuButton("Camera", null, findCameras, cameraSettings), startStop, snapshot,
                new Separator(Orientation.VERTICAL), heatmap, opacity, colours, camControls.toolbarGroup(vm.overlay()), spacer,
                new MenuButton("Operator", null, switchOperator));
    }

    private void showReplayFps() {
        updating = true;
        try {
            replayFps.getValueFactory().setValue(vm.replayFps().get());
        } finally {
            updating = false;
        }
    }

    private SplitPane center() {
        VBox overlay = new VBox(8, banner, gauge);
        overlay.setPadding(new Insets(12));
        overlay.setPickOnBounds(false);
        overlay.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(overlay, Pos.TOP_LEFT);
        legend.setFitWidth(14);
        legend.setFitHeight(160);
        legend.imageProperty().bind(Bindings.createObjectBinding(() -> FxImages.toFx(vm.overlay().legend().get()),
                vm.overlay().legend()));
        legendLow.getStyleClass().add("muted");
        legendHigh.getStyleClass().add("muted");
        VBox legendBox = new VBox(4, legendHigh, legend, legendLow);
        legendBox.setAlignment(Pos.CENTER);
        legendBox.setPadding(new Insets(12));
        legendBox.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        legendBox.setMouseTransparent(true);
        legendBox.visibleProperty().bind(vm.overlay().heatmap());
        StackPane.setAlignment(legendBox, Pos.CENTER_RIGHT);
        live.getChildren().addAll(overlay, legendBox);
        live.heatmapOpacity().bind(vm.overlay().opacity());
        live.placeholder.textProperty().bind(vm.liveMessage());
        showVerdict(vm.verdict().get());
        vm.verdict().addListener((o, a, v) -> showVerdict(v));
        split.setDividerPositions(vm.overlay().divider().get());
        split.getDividers().get(0).positionProperty().addListener((o, a, b) -> vm.overlay().divider().set(b.doubleValue()));
        return split;
    }

    private void showVerdict(Optional<InspectViewModel.Verdict> verdict) {
        banner.setText(verdict.map(v -> v.anomalous() ? "ANOMALOUS" : "OK").orElse("IDLE"));
        banner.getStyleClass().setAll("label", "banner",
                verdict.map(v -> v.anomalous() ? "banner-anomalous" : "banner-ok").orElse("banner-idle"));
        verdict.ifPresentOrElse(v -> {
            gauge.show(v.score(), v.threshold());
            legendLow.setText(String.format(Locale.ROOT, "%.2f", v.colourLow()));
            legendHigh.setText(String.format(Locale.ROOT, "%.2f", v.colourHigh()));
        }, gauge::hide);
    }

    private void bindMessage() {
        message.textProperty().bind(vm.message());
        messageBar.visibleProperty().bind(vm.message().isNotEmpty());
        messageBar.managedProperty().bind(messageBar.visibleProperty());
        showMessageStyle();
        vm.messageProblem().addListener((o, a, b) -> showMessageStyle());
    }

    private void showMessageStyle() {
        messageBar.getStyleClass().setAll("message-banner",
                vm.messageProblem().get() ? "message-banner-error" : "message-banner-warning");
    }

    private void wireActions() {
        startStop.setOnAction(e -> vm.toggleCapture());
        snapshot.setOnAction(e -> vm.snapshot());
        findCameras.setOnAction(e -> CamerasDialog.choose(root.getScene().getWindow()).ifPresent(vm::start));
        cameraSettings.setOnAction(e -> vm.editCamera());
        replayFps.valueProperty().addListener((o, a, fps) -> {
            if (fps != null && !updating) { // only the user's changes: showing the rate never changes it
                vm.setReplayFps(fps);
            }
        });
        casePane.sendToLlm.setOnAction(e -> vm.sendToLlm());
    }

    /** The window's scene: the stylesheet and the keyboard shortcuts installed. */
    Scene scene(double width, double height) {
        layers.getChildren().add(0, root);
        Scene scene = new Scene(layers, width, height);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        // decision keys also work from a USB keypad / foot pedal (Enter, digits, F13–F15)
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (tabs.getSelectionModel().getSelectedIndex() != 0 || vm.operator().get() == null) {
                return; // decision and capture keys belong to the Inspect tab only, and to a signed-in operator
            }
            Node focus = scene.getFocusOwner();
            boolean typing = focus instanceof TextInputControl || focus instanceof ComboBoxBase || focus instanceof Spinner;
            if (vm.keys().key(e.getCode().name(), e.isShiftDown(), e.isShortcutDown(), typing)) {
                e.consume();
            }
        });
        return scene;
    }

    /** Lays {@code overlay} over the whole window (the sign-in screen; it shows itself while nobody is signed in). */
    void cover(Node overlay) {
        layers.getChildren().add(overlay);
    }

    /** Who is signed in now (null while the sign-in screen covers the window): the status line and decisions follow. */
    void operator(Operator signedIn) {
        vm.operator().set(signedIn);
        tabsVm.operator(signedIn);
        statusBar.operator(vm.operatorText(), vm.operatorTooltip());
    }

    /** While nobody is signed in: what the station goes on doing and how many cases wait (for the sign-in screen). */
    javafx.beans.value.ObservableStringValue unattended() {
        return vm.unattended();
    }

    void startCaptureNow() {
        vm.startCaptureNow();
    }

    /** The settings view saved: keep them, and apply what takes effect without a restart. */
    void settingsSaved(Settings saved) {
        vm.settingsSaved(saved);
    }

    /** QA saved a prompt profile version: new cases use it, the override keys follow its classes. */
    void profileSaved(ProfileDocument saved) {
        vm.profileSaved(saved);
    }

    /** Writes the window's settings with {@code extra} (e.g. window geometry) now; for closing. */
    void saveNow(UnaryOperator<Settings> extra) {
        vm.saveNow(extra);
    }

    void dispose() {
        pulse.stop();
        renderer.close();
        vm.dispose();
        control.shutdown();
        saver.shutdown();
        caseThread.shutdown();
    }
}
