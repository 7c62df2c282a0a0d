package io.kensa.ui;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm.EndpointPreset;
import io.kensa.config.SettingsForm.Field;
import io.kensa.config.SettingsForm;
import io.kensa.llm.LlmSettings;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipes;
import io.kensa.review.DecisionKeymap;
import io.kensa.ui.SettingsProbes.Outcome;
import io.kensa.util.Threads;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The workstation's settings: station, explainer (offline or an OpenAI-compatible endpoint), database and decision
 * keys. Builds the controls and binds them to a {@link SettingsViewModel}, which checks every field as it is typed,
 * runs the connection tests and saves off the FX thread. Controls carry ids ({@code #settings-save}, …) for tests.
 */
public final class SettingsView extends BorderPane {
    private static final ExecutorService BACKGROUND = Threads.cached("kensa-settings");

    private final SettingsViewModel vm;
    private final Map<Field, Label> errors = new EnumMap<>(Field.class);

    /**
     * @param home     the data folder (settings file, key file, embedded database, station recipes)
     * @param current  the settings in use now
     * @param operator who is signed in now: saving checks they may change the settings
     * @param onSaved  called on the FX thread with the settings just written
     */
    public SettingsView(KensaHome home, Settings current, Supplier<Operator> operator, Consumer<Settings> onSaved) {
        this(home, current, operator, onSaved, System.getenv());
    }

    SettingsView(KensaHome home, Settings current, Supplier<Operator> operator, Consumer<Settings> onSaved,
                 Map<String, String> env) {
        this(new SettingsViewModel(home, current, operator, onSaved, env, SettingsView::keymapProblem, new Recipes(home).names(),
                BACKGROUND, Platform::runLater));
    }

    SettingsView(SettingsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("settings-view");
        getStylesheets().add(SettingsView.class.getResource("settings.css").toExternalForm());
        for (Field f : Field.values()) {
            Label l = new Label();
            l.getStyleClass().addAll("error-text", "settings-error");
            l.setWrapText(true);
            l.textProperty().bind(vm.problem(f));
            l.visibleProperty().bind(vm.problem(f).isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
            l.setId("settings-error-" + f.name().toLowerCase(Locale.ROOT));
            errors.put(f, l);
        }
        VBox sections = new VBox(18, stationSection(), explainerSection(), databaseSection(), keysSection());
        sections.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        setBottom(footer());
    }

    /** The settings as last saved (or as given). */
    public Settings settings() {
        return vm.settings();
    }

    private Node stationSection() {
        TextField station = text("settings-station", vm.station(), null);
        ChoiceBox<String> recipe = new ChoiceBox<>();
        recipe.setId("settings-recipe");
        Bindings.bindContent(recipe.getItems(), vm.recipes());
        recipe.valueProperty().bindBidirectional(vm.recipe());
        ChoiceBox<String> device = new ChoiceBox<>();
        device.setId("settings-device");
        device.getItems().setAll(vm.devices());
        device.valueProperty().bindBidirectional(vm.device());
        GridPane g = grid();
        row(g, 0, "Station name", station, Field.STATION, "Recorded with every inspection; empty = this computer's name.");
        row(g, 1, "Recipe", recipe, Field.RECIPE, "The product being inspected (station recipes, then the shipped ones).");
        row(g, 2, "Compute device", device, Field.DEVICE, "auto takes a GPU when the engine finds one, else the CPU. "
                + "The device actually used is shown in the status bar.");
        return section("Station", "Recipe, device and station name apply when the workstation is restarted.", g);
    }

    private Node explainerSection() {
        ObservableBooleanValue offline = vm.useEndpoint().not();
        RadioButton[] explainer = pair("settings-offline", "Offline (built-in rules, not an LLM)",
                "settings-endpoint", "OpenAI-compatible endpoint", vm.useEndpoint());
        RadioButton[] gate = pair("settings-on-demand", "On demand only (the Send to LLM button)",
                "settings-automatic", "Automatically: frames over the threshold (and within the band below it)",
                vm.automaticGate());
        PasswordField apiKey = new PasswordField();
        apiKey.setId("settings-api-key");
        apiKey.setPromptText("paste a new key to replace the saved one");
        apiKey.textProperty().bindBidirectional(vm.apiKey());
        Label keyStatus = outcome("settings-key-status", vm.keyStatus());
        TextField band = text("settings-band", vm.band(), "recipe's value (0.1 = within 10 % below)");
        band.disableProperty().bind(vm.automaticGate().not());
        Button test = new Button();
        test.setId("settings-test-endpoint");
        probeButton(test, vm.endpointTest());
        test.setOnAction(e -> vm.testEndpoint());

        GridPane g = grid();
        int r = 0;
        g.add(new VBox(6, explainer[0], explainer[1]), 0, r++, 2, 1);
        row(g, r++, "Preset", presetBox(offline), null, null);
        row(g, r++, "Base URL", disabledWhen(offline, text("settings-base-url", vm.baseUrl(), "http://localhost:11434/v1")),
                Field.BASE_URL, vm.overriddenBy("KENSA_LLM_BASE_URL").orElse(null));
        row(g, r++, "Model", disabledWhen(offline, text("settings-model", vm.model(),
                "e.g. qwen2.5vl:7b, gpt-4o-mini, or the Azure deployment name")), Field.MODEL,
                vm.overriddenBy("KENSA_LLM_MODEL").orElse(null));
        row(g, r++, "API key", new VBox(4, disabledWhen(offline, apiKey), keyStatus), null, "Saved to an owner-only key "
                + "file, never to the settings or the database, and only ever shown masked.");
        row(g, r++, "Key variable", disabledWhen(offline, text("settings-api-key-env", vm.apiKeyEnv(),
                LlmSettings.DEFAULT_KEY_ENV + " (default)")), Field.API_KEY_ENV,
                "Or set the key in this environment variable; it wins over the saved key.");
        row(g, r++, "Send to the LLM", new VBox(4, gate[1], gate[0]), null, null);
        row(g, r++, "Band below threshold", band, Field.BAND, "Also explain frames scoring up to this fraction under "
                + "the threshold; empty = the recipe's value.");
        row(g, r++, "Calls per hour", disabledWhen(offline, text("settings-calls", vm.callsPerHour(),
                "120 (default; 0 = no limit)")), Field.CALLS, null);
        row(g, r++, "Cost per hour", disabledWhen(offline, text("settings-cost", vm.costPerHour(), "0 = no limit")),
                Field.COST, "Estimated from the prices below.");
        row(g, r++, "Price per million tokens", new HBox(8, new Label("in"),
                disabledWhen(offline, text("settings-input-price", vm.inputPrice(), "0")), new Label("out"),
                disabledWhen(offline, text("settings-output-price", vm.outputPrice(), "0"))), Field.INPUT_PRICE, null);
        g.add(errors.get(Field.OUTPUT_PRICE), 1, r++);
        row(g, r++, "Timeout (s)", disabledWhen(offline, text("settings-timeout", vm.timeout(), "60 (default)")),
                Field.TIMEOUT, "For the whole answer, streaming included.");
        row(g, r++, "", new HBox(8, disabledWhen(offline, test), busy(vm.endpointTest())), null,
                "Sends one small real request (tiny images of this recipe's profile) and says how it went.");
        g.add(outcome("settings-endpoint-result", vm.endpointTest().result()), 1, r);
        return section("Explainer", "Takes effect when saved.", g);
    }

    private Node presetBox(ObservableBooleanValue offline) {
        ComboBox<EndpointPreset> preset = new ComboBox<>();
        preset.setId("settings-preset");
        preset.getItems().setAll(vm.presets());
        preset.setPromptText("Fill in for…");
        preset.valueProperty().bindBidirectional(vm.preset());
        Label presetNote = new Label();
        presetNote.getStyleClass().add("muted");
        presetNote.textProperty().bind(vm.presetNote());
        return new HBox(8, disabledWhen(offline, preset), presetNote);
    }

    private Node databaseSection() {
        RadioButton[] database = pair("settings-embedded", vm.embeddedDatabase(), "settings-jdbc",
                "Server database by JDBC URL (PostgreSQL, plant-wide log)", vm.useJdbc());
        ObservableBooleanValue noServer = vm.useJdbc().not();
        Label passwordNote = new Label();
        passwordNote.setId("settings-password-note");
        passwordNote.setWrapText(true);
        passwordNote.getStyleClass().add("muted");
        passwordNote.textProperty().bind(vm.passwordNote());
        Button test = new Button();
        test.setId("settings-test-database");
        probeButton(test, vm.databaseTest());
        test.setOnAction(e -> vm.testDatabase());
        // the embedded database is held open by the running workstation, so only a server database can be tried
        disabledWhen(noServer, test);
        GridPane g = grid();
        g.add(new VBox(6, database[0], database[1]), 0, 0, 2, 1);
        row(g, 1, "JDBC URL", disabledWhen(noServer, text("settings-jdbc-url", vm.jdbcUrl(),
                "jdbc:postgresql://db-host:5432/kensa")), Field.JDBC_URL, null);
        row(g, 2, "User", disabledWhen(noServer, text("settings-database-user", vm.databaseUser(), "kensa")),
                Field.DATABASE_USER, null);
        row(g, 3, "Password", passwordNote, null, null);
        row(g, 4, "", new HBox(8, test, busy(vm.databaseTest())), null,
                "Opens the database once (creating or upgrading Kensa's tables) and closes it again.");
        g.add(outcome("settings-database-result", vm.databaseTest().result()), 1, 5);
        return section("Database", "Applies when the workstation is restarted.", g);
    }

    private Node keysSection() {
        TextField keymap = text("settings-keymap", vm.keymap(), SettingsForm.DEFAULT_KEYMAP);
        Button defaults = new Button("Defaults");
        defaults.setId("settings-keymap-defaults");
        defaults.setOnAction(e -> vm.keymapDefaults());
        GridPane g = grid();
        row(g, 0, "Decision keys", new HBox(8, keymap, defaults), Field.KEYMAP,
                "command=KEY,KEY; … for accept, override, undo, cancel. Key names as JavaFX spells them (ENTER, F13, "
                        + "BACK_SPACE, NUMPAD0); a foot pedal usually sends F13–F15. Digits 1–9 always pick the class.");
        HBox.setHgrow(keymap, Priority.ALWAYS);
        row(g, 1, "Idle lock (minutes)", text("settings-idle-lock", vm.idleLockMinutes(), "10"), Field.IDLE_LOCK,
                "Minutes without a key or mouse event before the station signs the operator out and covers the screen"
                        + " (0 = never). Capture keeps running.");
        return section("Decision keys and idle lock", "Takes effect when saved.", g);
    }

    private Node footer() {
        Button save = new Button("Save");
        save.setId("settings-save");
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.canSave().not().or(vm.saving()));
        save.setOnAction(e -> vm.save());
        Button revert = new Button("Revert");
        revert.setId("settings-revert");
        revert.setOnAction(e -> vm.revert());
        Label saveResult = outcome("settings-save-result", vm.saveResult());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, saveResult, spacer, revert, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 16, 8, 16));
        bar.getStyleClass().add("settings-footer");
        return bar;
    }

    /** Two radio buttons for one yes/no property: {@code [no, yes]}, kept in step both ways. */
    private static RadioButton[] pair(String noId, String noText, String yesId, String yesText, BooleanProperty yes) {
        ToggleGroup group = new ToggleGroup();
        RadioButton no = new RadioButton(noText);
        RadioButton on = new RadioButton(yesText);
        no.setId(noId);
        on.setId(yesId);
        no.setToggleGroup(group);
        on.setToggleGroup(group);
        (yes.get() ? on : no).setSelected(true);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                yes.set(b == on);
            }
        });
        yes.addListener((o, a, b) -> (b ? on : no).setSelected(true));
        return new RadioButton[] {no, on};
    }

    private static TextField text(String id, StringProperty value, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.textProperty().bindBidirectional(value);
        if (prompt != null) {
            t.setPromptText(prompt);
        }
        return t;
    }

    private static <N extends Node> N disabledWhen(ObservableBooleanValue condition, N node) {
        node.disableProperty().bind(condition);
        return node;
    }

    /** A result line, styled by its kind: muted, OK, warning or error. */
    private static Label outcome(String id, ReadOnlyObjectProperty<Outcome> outcome) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        Runnable show = () -> {
            Outcome o = outcome.get();
            label.getStyleClass().removeAll("settings-ok", "settings-warning", "error-text", "muted");
            label.getStyleClass().add(switch (o.kind()) {
                case NOTE -> "muted";
                case OK -> "settings-ok";
                case WARNING -> "settings-warning";
                case FAILED -> "error-text";
            });
            label.setText(o.message());
        };
        outcome.addListener((o, a, b) -> show.run());
        show.run();
        return label;
    }

    private static void probeButton(Button button, SettingsViewModel.Probe probe) {
        button.textProperty().bind(Bindings.when(probe.running()).then("Cancel").otherwise("Test connection"));
    }

    private static ProgressIndicator busy(SettingsViewModel.Probe probe) {
        ProgressIndicator p = new ProgressIndicator();
        p.setPrefSize(18, 18);
        p.visibleProperty().bind(probe.running());
        return p;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(170);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        g.getColumnConstraints().setAll(labels, fields);
        return g;
    }

    /** One labelled field with its inline error line and an optional hint under it. */
    private void row(GridPane g, int r, String label, Node field, Field errorField, String hint) {
        Label name = new Label(label);
        GridPane.setValignment(name, VPos.TOP);
        VBox cell = new VBox(3, field);
        if (errorField != null) {
            cell.getChildren().add(errors.get(errorField));
        }
        if (hint != null) {
            Label h = new Label(hint);
            h.getStyleClass().addAll("muted", "settings-hint");
            h.setWrapText(true);
            cell.getChildren().add(h);
        }
        g.add(name, 0, r);
        g.add(cell, 1, r);
    }

    private static Node section(String title, String note, Node body) {
        Label t = new Label(title);
        t.getStyleClass().add("pane-title");
        Label n = new Label(note);
        n.getStyleClass().add("muted");
        VBox box = new VBox(8, new HBox(12, t, n), body);
        box.getStyleClass().add("settings-section");
        ((HBox) box.getChildren().get(0)).setAlignment(Pos.BASELINE_LEFT);
        return box;
    }

    /**
     * The keymap's own parser, plus a check that every key name is one JavaFX knows (a typo would silently
     * leave a pedal dead).
     */
    static Optional<String> keymapProblem(String spec) {
        try {
            DecisionKeymap.parse(spec);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String command = part.substring(0, part.indexOf('=')).strip();
            for (String key : part.substring(part.indexOf('=') + 1).split(",", -1)) {
                String name = key.strip().toUpperCase(Locale.ROOT).replace("BACKSPACE", "BACK_SPACE");
                if (name.isEmpty()) {
                    return Optional.of("'" + command + "' has an empty key name; list keys as " + command + "=KEY,KEY");
                }
                if (!isKeyName(name)) {
                    return Optional.of("'" + key.strip() + "' is not a key name (e.g. ENTER, O, F13, BACK_SPACE, NUMPAD0)");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isKeyName(String name) {
        try {
            KeyCode.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
