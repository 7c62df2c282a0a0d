package io.kensa.ui;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.config.SettingsForm.EndpointPreset;
import io.kensa.config.SettingsForm.Field;
import io.kensa.config.SettingsForm.Problem;
import io.kensa.llm.ApiKeys;
import io.kensa.llm.ExplainerSetupException;
import io.kensa.llm.LlmSettings;
import io.kensa.recipe.Recipes;
import io.kensa.review.DecisionKeymap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.concurrent.Task;
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
 * keys. Every field is checked as it is typed; Save writes {@code settings.properties} atomically and hands the new
 * settings to {@code onSaved}. The API key is written only to its owner-only key file and shown only masked; the
 * database password only ever comes from {@code KENSA_DB_PASSWORD}. Connection tests run on background threads.
 */
public final class SettingsView extends BorderPane {
    static final String DB_PASSWORD_ENV = "KENSA_DB_PASSWORD";

    private final KensaHome home;
    private final Consumer<Settings> onSaved;
    private final Map<String, String> env;
    private final List<String> recipes;
    private final Map<Field, Label> errors = new EnumMap<>(Field.class);
    private Settings current;

    final TextField station = new TextField();
    final ChoiceBox<String> recipe = new ChoiceBox<>();
    final ChoiceBox<String> device = new ChoiceBox<>();

    final ToggleGroup explainerGroup = new ToggleGroup();
    final RadioButton offline = new RadioButton("Offline (built-in rules, not an LLM)");
    final RadioButton endpoint = new RadioButton("OpenAI-compatible endpoint");
    final ComboBox<EndpointPreset> preset = new ComboBox<>();
    final Label presetNote = new Label();
    final TextField baseUrl = new TextField();
    final TextField model = new TextField();
    final PasswordField apiKey = new PasswordField();
    final TextField apiKeyEnv = new TextField();
    final Label keyStatus = new Label();
    final ToggleGroup gateGroup = new ToggleGroup();
    final RadioButton automatic = new RadioButton("Automatically: frames over the threshold (and within the band below it)");
    final RadioButton onDemand = new RadioButton("On demand only (the Send to LLM button)");
    final TextField band = new TextField();
    final TextField callsPerHour = new TextField();
    final TextField costPerHour = new TextField();
    final TextField inputPrice = new TextField();
    final TextField outputPrice = new TextField();
    final TextField timeout = new TextField();
    final Button testEndpoint = new Button("Test connection");
    final Label endpointResult = new Label();

    final ToggleGroup databaseGroup = new ToggleGroup();
    final RadioButton embedded = new RadioButton("Embedded H2 database (this computer)");
    final RadioButton jdbc = new RadioButton("Server database by JDBC URL (PostgreSQL, plant-wide log)");
    final TextField jdbcUrl = new TextField();
    final TextField databaseUser = new TextField();
    final Label passwordNote = new Label();
    final Button testDatabase = new Button("Test connection");
    final Label databaseResult = new Label();

    final TextField keymap = new TextField();
    final Button keymapDefaults = new Button("Defaults");

    final Button save = new Button("Save");
    final Button revert = new Button("Revert");
    final Label saveResult = new Label();

    private Task<SettingsProbes.Outcome> endpointTask;
    private Task<SettingsProbes.Outcome> databaseTask;

    /**
     * @param home     the data folder (settings file, key file, embedded database, station recipes)
     * @param current  the settings in use now
     * @param onSaved  called on the FX thread with the settings just written
     */
    public SettingsView(KensaHome home, Settings current, Consumer<Settings> onSaved) {
        this(home, current, onSaved, System.getenv());
    }

    SettingsView(KensaHome home, Settings current, Consumer<Settings> onSaved, Map<String, String> env) {
        this.home = home;
        this.current = current;
        this.onSaved = onSaved;
        this.env = Map.copyOf(env);
        this.recipes = new Recipes(home).names();
        getStyleClass().add("settings-view");
        getStylesheets().add(SettingsView.class.getResource("settings.css").toExternalForm());
        for (Field f : Field.values()) {
            Label l = new Label();
            l.getStyleClass().addAll("error-text", "settings-error");
            l.setWrapText(true);
            show(l, false);
            errors.put(f, l);
        }
        VBox sections = new VBox(18, stationSection(), explainerSection(), databaseSection(), keysSection());
        sections.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        setBottom(footer());
        load(current);
        wire();
        revalidate();
    }

    /** The settings as last saved (or as given). */
    public Settings settings() {
        return current;
    }

    private Node stationSection() {
        GridPane g = grid();
        device.getItems().setAll(SettingsForm.DEVICES);
        row(g, 0, "Station name", station, Field.STATION, "Recorded with every inspection; empty = this computer's name.");
        row(g, 1, "Recipe", recipe, Field.RECIPE, "The product being inspected (station recipes, then the shipped ones).");
        row(g, 2, "Compute device", device, Field.DEVICE, "auto takes a GPU when the engine finds one, else the CPU. "
                + "The device actually used is shown in the status bar.");
        return section("Station", "Recipe, device and station name apply when the workstation is restarted.", g);
    }

    private Node explainerSection() {
        offline.setToggleGroup(explainerGroup);
        endpoint.setToggleGroup(explainerGroup);
        automatic.setToggleGroup(gateGroup);
        onDemand.setToggleGroup(gateGroup);
        preset.getItems().setAll(EndpointPreset.values());
        preset.setPromptText("Fill in for…");
        presetNote.getStyleClass().add("muted");
        baseUrl.setPromptText("http://localhost:11434/v1");
        model.setPromptText("e.g. qwen2.5vl:7b, gpt-4o-mini, or the Azure deployment name");
        apiKey.setPromptText("paste a new key to replace the saved one");
        apiKeyEnv.setPromptText(LlmSettings.DEFAULT_KEY_ENV + " (default)");
        keyStatus.setWrapText(true);
        band.setPromptText("recipe's value (0.1 = within 10 % below)");
        callsPerHour.setPromptText("120 (default; 0 = no limit)");
        costPerHour.setPromptText("0 = no limit");
        inputPrice.setPromptText("0");
        outputPrice.setPromptText("0");
        timeout.setPromptText("60 (default)");
        endpointResult.setWrapText(true);

        GridPane g = grid();
        int r = 0;
        g.add(new VBox(6, offline, endpoint), 0, r++, 2, 1);
        row(g, r++, "Preset", new HBox(8, preset, presetNote), null, null);
        row(g, r++, "Base URL", baseUrl, Field.BASE_URL, overriddenBy("KENSA_LLM_BASE_URL"));
        row(g, r++, "Model", model, Field.MODEL, overriddenBy("KENSA_LLM_MODEL"));
        row(g, r++, "API key", new VBox(4, apiKey, keyStatus), null, "Saved to an owner-only key file, never to the "
                + "settings or the database, and only ever shown masked.");
        row(g, r++, "Key variable", apiKeyEnv, Field.API_KEY_ENV,
                "Or set the key in this environment variable; it wins over the saved key.");
        row(g, r++, "Send to the LLM", new VBox(4, automatic, onDemand), null, null);
        row(g, r++, "Band below threshold", band, Field.BAND, "Also explain frames scoring up to this fraction under "
                + "the threshold; empty = the recipe's value.");
        row(g, r++, "Calls per hour", callsPerHour, Field.CALLS, null);
        row(g, r++, "Cost per hour", costPerHour, Field.COST, "Estimated from the prices below.");
        row(g, r++, "Price per million tokens", new HBox(8, new Label("in"), inputPrice, new Label("out"), outputPrice),
                Field.INPUT_PRICE, null);
        g.add(errors.get(Field.OUTPUT_PRICE), 1, r++);
        row(g, r++, "Timeout (s)", timeout, Field.TIMEOUT, "For the whole answer, streaming included.");
        ProgressIndicator busy = busy(testEndpoint);
        row(g, r++, "", new HBox(8, testEndpoint, busy), null,
                "Sends one small real request (tiny images of this recipe's profile) and says how it went.");
        g.add(endpointResult, 1, r);
        return section("Explainer", "Takes effect when saved.", g);
    }

    /** The workstation lets these environment variables win over the settings; say so where it matters. */
    private String overriddenBy(String variable) {
        String value = env.get(variable);
        return value == null ? null : "The environment variable " + variable + " (" + value
                + ") is set and is used instead of this value.";
    }

    private Node databaseSection() {
        embedded.setToggleGroup(databaseGroup);
        jdbc.setToggleGroup(databaseGroup);
        embedded.setText("Embedded H2 database: " + home.database().resolve("kensa.mv.db"));
        jdbcUrl.setPromptText("jdbc:postgresql://db-host:5432/kensa");
        databaseUser.setPromptText("kensa");
        passwordNote.setWrapText(true);
        passwordNote.getStyleClass().add("muted");
        databaseResult.setWrapText(true);
        GridPane g = grid();
        g.add(new VBox(6, embedded, jdbc), 0, 0, 2, 1);
        row(g, 1, "JDBC URL", jdbcUrl, Field.JDBC_URL, null);
        row(g, 2, "User", databaseUser, Field.DATABASE_USER, null);
        row(g, 3, "Password", passwordNote, null, null);
        row(g, 4, "", new HBox(8, testDatabase, busy(testDatabase)), null,
                "Opens the database once (creating or upgrading Kensa's tables) and closes it again.");
        g.add(databaseResult, 1, 5);
        return section("Database", "Applies when the workstation is restarted.", g);
    }

    private Node keysSection() {
        keymap.setPromptText(SettingsForm.DEFAULT_KEYMAP);
        GridPane g = grid();
        row(g, 0, "Decision keys", new HBox(8, keymap, keymapDefaults), Field.KEYMAP,
                "command=KEY,KEY; … for accept, override, undo, cancel. Key names as JavaFX spells them (ENTER, F13, "
                        + "BACK_SPACE, NUMPAD0); a foot pedal usually sends F13–F15. Digits 1–9 always pick the class.");
        HBox.setHgrow(keymap, Priority.ALWAYS);
        return section("Decision keys", "Takes effect when saved.", g);
    }

    private Node footer() {
        save.setDefaultButton(true);
        saveResult.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, saveResult, spacer, revert, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 16, 8, 16));
        bar.getStyleClass().add("settings-footer");
        return bar;
    }

    private void wire() {
        explainerGroup.selectedToggleProperty().addListener((o, a, b) -> enableParts());
        databaseGroup.selectedToggleProperty().addListener((o, a, b) -> enableParts());
        gateGroup.selectedToggleProperty().addListener((o, a, b) -> enableParts());
        for (TextField t : List.of(station, baseUrl, model, apiKeyEnv, band, callsPerHour, costPerHour, inputPrice,
                outputPrice, timeout, jdbcUrl, databaseUser, keymap)) {
            t.textProperty().addListener((o, a, b) -> revalidate());
        }
        apiKeyEnv.textProperty().addListener((o, a, b) -> showKeyStatus());
        recipe.valueProperty().addListener((o, a, b) -> revalidate());
        device.valueProperty().addListener((o, a, b) -> revalidate());
        explainerGroup.selectedToggleProperty().addListener((o, a, b) -> revalidate());
        databaseGroup.selectedToggleProperty().addListener((o, a, b) -> revalidate());
        preset.valueProperty().addListener((o, a, p) -> applyPreset(p));
        keymapDefaults.setOnAction(e -> keymap.setText(SettingsForm.DEFAULT_KEYMAP));
        testEndpoint.setOnAction(e -> toggleEndpointTest());
        testDatabase.setOnAction(e -> toggleDatabaseTest());
        save.setOnAction(e -> save());
        revert.setOnAction(e -> {
            load(current);
            saveResult.setText("");
        });
    }

    private void load(Settings s) {
        SettingsForm f = SettingsForm.from(s, Recipes.DEMO);
        List<String> names = new ArrayList<>(recipes);
        if (!names.contains(f.recipe())) {
            names.add(f.recipe()); // shown, so the "no recipe named" message has something to point at
        }
        recipe.getItems().setAll(names);
        station.setText(f.station());
        recipe.setValue(f.recipe());
        device.setValue(f.device());
        (f.useEndpoint() ? endpoint : offline).setSelected(true);
        baseUrl.setText(f.baseUrl());
        model.setText(f.model());
        apiKey.clear();
        apiKeyEnv.setText(f.apiKeyEnv());
        (f.automaticGate() ? automatic : onDemand).setSelected(true);
        band.setText(f.bandBelowThreshold());
        callsPerHour.setText(f.callsPerHour());
        costPerHour.setText(f.costPerHour());
        inputPrice.setText(f.inputPricePerMillion());
        outputPrice.setText(f.outputPricePerMillion());
        timeout.setText(f.timeoutSeconds());
        (f.useJdbc() ? jdbc : embedded).setSelected(true);
        jdbcUrl.setText(f.jdbcUrl());
        databaseUser.setText(f.databaseUser());
        keymap.setText(f.keymap());
        boolean passwordSet = Optional.ofNullable(env.get(DB_PASSWORD_ENV)).filter(p -> !p.isEmpty()).isPresent();
        passwordNote.setText("Read from the environment variable " + DB_PASSWORD_ENV + " ("
                + (passwordSet ? "set" : "not set") + "), never stored in the settings.");
        showKeyStatus();
        enableParts();
        revalidate();
    }

    /** The form as typed now. */
    SettingsForm form() {
        return new SettingsForm(station.getText(), Optional.ofNullable(recipe.getValue()).orElse(""),
                Optional.ofNullable(device.getValue()).orElse(""), endpoint.isSelected(), baseUrl.getText(),
                model.getText(), apiKeyEnv.getText(), automatic.isSelected(), band.getText(), callsPerHour.getText(),
                costPerHour.getText(), inputPrice.getText(), outputPrice.getText(), timeout.getText(),
                jdbc.isSelected(), jdbcUrl.getText(), databaseUser.getText(), keymap.getText());
    }

    private List<Problem> revalidate() {
        List<Problem> problems = form().validate(recipes, SettingsView::keymapProblem);
        errors.values().forEach(l -> show(l, false));
        for (Problem p : problems) {
            Label l = errors.get(p.field());
            l.setText(l.isVisible() ? l.getText() + "\n" + p.message() : p.message());
            show(l, true);
        }
        save.setDisable(!problems.isEmpty());
        return problems;
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

    private void save() {
        List<Problem> problems = revalidate();
        if (!problems.isEmpty()) {
            result(saveResult, SettingsProbes.Kind.FAILED, "Not saved: fix the " + problems.size()
                    + (problems.size() == 1 ? " marked field." : " marked fields."));
            return;
        }
        Settings next = form().applyTo(current);
        String typedKey = apiKey.getText().strip();
        try {
            if (!typedKey.isEmpty()) {
                ApiKeys.save(SettingsProbes.keyFile(SettingsProbes.llmSettings(next), home), typedKey);
                apiKey.clear();
            }
            next.save(home.settingsFile());
        } catch (ExplainerSetupException e) {
            result(saveResult, SettingsProbes.Kind.FAILED, "Not saved: " + e.getMessage());
            return;
        } catch (IOException | IllegalArgumentException e) {
            result(saveResult, SettingsProbes.Kind.FAILED, "Not saved: cannot write " + home.settingsFile() + " ("
                    + e.getMessage() + "). Check that the data folder is writable.");
            return;
        }
        List<String> restart = SettingsForm.needingRestart(current, next, Recipes.DEMO);
        current = next;
        showKeyStatus();
        onSaved.accept(next);
        result(saveResult, restart.isEmpty() ? SettingsProbes.Kind.OK : SettingsProbes.Kind.WARNING, restart.isEmpty()
                ? "Saved. The changes take effect now."
                : "Saved. Restart the workstation to apply the " + String.join(", ", restart)
                        + "; the other changes take effect now.");
    }

    private void showKeyStatus() {
        LlmSettings llm;
        try {
            llm = SettingsProbes.llmSettings(current);
        } catch (IllegalArgumentException e) {
            llm = LlmSettings.defaults();
        }
        String name = apiKeyEnv.getText().strip();
        SettingsProbes.Outcome o = SettingsProbes.keyStatus(
                llm.withApiKeyEnv(name.isEmpty() ? LlmSettings.DEFAULT_KEY_ENV : name), home, env);
        result(keyStatus, o.kind() == SettingsProbes.Kind.WARNING ? null : o.kind(), o.message());
    }

    private void applyPreset(EndpointPreset p) {
        if (p == null) {
            return;
        }
        endpoint.setSelected(true);
        baseUrl.setText(p.baseUrl);
        model.setText(p.model);
        presetNote.setText(p.note);
    }

    private void toggleEndpointTest() {
        if (endpointTask != null && endpointTask.isRunning()) {
            endpointTask.cancel(true);
            return;
        }
        Settings candidate = form().applyTo(current);
        Optional<String> typedKey = Optional.of(apiKey.getText().strip()).filter(k -> !k.isEmpty());
        endpointTask = run("kensa-settings-llm-test", testEndpoint, endpointResult, "Sending a test request to "
                + baseUrl.getText().strip() + "…",
                () -> SettingsProbes.testEndpoint(home, candidate, Recipes.DEMO, typedKey, env));
    }

    private void toggleDatabaseTest() {
        if (databaseTask != null && databaseTask.isRunning()) {
            databaseTask.cancel(true);
            return;
        }
        Settings candidate = form().applyTo(current);
        String password = env.getOrDefault(DB_PASSWORD_ENV, "");
        databaseTask = run("kensa-settings-db-test", testDatabase, databaseResult, "Opening " + jdbcUrl.getText().strip() + "…",
                () -> SettingsProbes.testDatabase(home, candidate, password));
    }

    /** Runs a probe on its own named thread; its button turns into Cancel meanwhile. */
    private Task<SettingsProbes.Outcome> run(String threadName, Button button, Label out, String running,
                                             Supplier<SettingsProbes.Outcome> probe) {
        Task<SettingsProbes.Outcome> task = new Task<>() {
            @Override
            protected SettingsProbes.Outcome call() {
                return probe.get();
            }
        };
        result(out, null, running);
        button.setText("Cancel");
        task.setOnSucceeded(e -> {
            button.setText("Test connection");
            result(out, task.getValue().kind(), task.getValue().message());
        });
        task.setOnCancelled(e -> {
            button.setText("Test connection");
            result(out, SettingsProbes.Kind.FAILED, "Test cancelled.");
        });
        task.setOnFailed(e -> {
            button.setText("Test connection");
            result(out, SettingsProbes.Kind.FAILED, "The test failed: " + task.getException().getMessage());
        });
        Thread t = new Thread(task, threadName);
        t.setDaemon(true);
        t.start();
        return task;
    }

    private void enableParts() {
        boolean llm = endpoint.isSelected();
        for (Node n : List.of(preset, baseUrl, model, apiKey, apiKeyEnv, callsPerHour, costPerHour, inputPrice,
                outputPrice, timeout, testEndpoint)) {
            n.setDisable(!llm);
        }
        band.setDisable(!automatic.isSelected());
        jdbcUrl.setDisable(!jdbc.isSelected());
        databaseUser.setDisable(!jdbc.isSelected());
        // the embedded database is held open by the running workstation, so only a server database can be tried
        testDatabase.setDisable(!jdbc.isSelected());
    }

    private static void result(Label label, SettingsProbes.Kind kind, String text) {
        label.getStyleClass().removeAll("settings-ok", "settings-warning", "error-text", "muted");
        label.getStyleClass().add(kind == null ? "muted" : switch (kind) {
            case OK -> "settings-ok";
            case WARNING -> "settings-warning";
            case FAILED -> "error-text";
        });
        label.setText(text);
    }

    private ProgressIndicator busy(Button button) {
        ProgressIndicator p = new ProgressIndicator();
        p.setPrefSize(18, 18);
        p.visibleProperty().bind(button.textProperty().isEqualTo("Cancel"));
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

    private static void show(Node n, boolean visible) {
        n.setVisible(visible);
        n.setManaged(visible);
    }
}
