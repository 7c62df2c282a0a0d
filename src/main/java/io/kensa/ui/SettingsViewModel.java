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
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.model.PermissionDeniedException;
import io.kensa.recipe.Recipes;
import io.kensa.ui.SettingsProbes.Kind;
import io.kensa.ui.SettingsProbes.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The settings screen without controls: every field of {@link SettingsForm} as a property, its problems per field,
 * the endpoint presets, the masked key line, the two connection tests and Save. The key file, the settings file and
 * the probes are read and written on {@code background}; every property is written on {@code fx} only.
 */
public final class SettingsViewModel {
    static final String DB_PASSWORD_ENV = "KENSA_DB_PASSWORD";

    /** One probe ("Test connection") that can be cancelled while it runs. */
    public final class Probe {
        private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
        private final ReadOnlyObjectWrapper<Outcome> result = new ReadOnlyObjectWrapper<>(new Outcome(Kind.NOTE, ""));
        private FutureTask<Outcome> task;
        private long generation;

        public ReadOnlyBooleanProperty running() {
            return running.getReadOnlyProperty();
        }

        public ReadOnlyObjectProperty<Outcome> result() {
            return result.getReadOnlyProperty();
        }

        /** Starts the probe, or cancels it when it is running. */
        void toggle(String runningText, Supplier<Outcome> probe) {
            if (running.get()) {
                generation++;
                task.cancel(true);
                running.set(false);
                result.set(new Outcome(Kind.FAILED, "Test cancelled."));
                return;
            }
            long mine = ++generation;
            result.set(new Outcome(Kind.NOTE, runningText));
            running.set(true);
            task = new FutureTask<>(() -> {
                Outcome o;
                try {
                    o = probe.get();
                } catch (RuntimeException e) {
                    o = new Outcome(Kind.FAILED, "The test failed: " + e.getMessage());
                }
                Outcome done = o;
                fx.execute(() -> {
                    if (mine == generation) {
                        running.set(false);
                        result.set(done);
                    }
                });
                return done;
            });
            background.execute(task);
        }
    }

    private final KensaHome home;
    /** who is signed in now: saving checks they may change the station's settings */
    private final Supplier<Operator> operator;
    private final Consumer<Settings> onSaved;
    private final Map<String, String> env;
    private final List<String> recipeNames;
    private final Function<String, Optional<String>> keymapCheck;
    private final Executor background;
    private final Executor fx;
    private Settings current;

    private final StringProperty station = new SimpleStringProperty("");
    private final StringProperty recipe = new SimpleStringProperty("");
    private final StringProperty device = new SimpleStringProperty("");
    private final BooleanProperty useEndpoint = new SimpleBooleanProperty();
    private final ObjectProperty<EndpointPreset> preset = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper presetNote = new ReadOnlyStringWrapper("");
    private final StringProperty baseUrl = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final StringProperty apiKeyEnv = new SimpleStringProperty("");
    private final BooleanProperty automaticGate = new SimpleBooleanProperty();
    private final StringProperty band = new SimpleStringProperty("");
    private final StringProperty callsPerHour = new SimpleStringProperty("");
    private final StringProperty costPerHour = new SimpleStringProperty("");
    private final StringProperty inputPrice = new SimpleStringProperty("");
    private final StringProperty outputPrice = new SimpleStringProperty("");
    private final StringProperty timeout = new SimpleStringProperty("");
    private final BooleanProperty useJdbc = new SimpleBooleanProperty();
    private final StringProperty jdbcUrl = new SimpleStringProperty("");
    private final StringProperty databaseUser = new SimpleStringProperty("");
    private final StringProperty keymap = new SimpleStringProperty("");
    private final StringProperty idleLockMinutes = new SimpleStringProperty("");
    private final ObservableList<String> recipes = FXCollections.observableArrayList();
    private final Map<Field, ReadOnlyStringWrapper> problems = new EnumMap<>(Field.class);
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Outcome> keyStatus = new ReadOnlyObjectWrapper<>(new Outcome(Kind.NOTE, ""));
    private final ReadOnlyObjectWrapper<Outcome> saveResult = new ReadOnlyObjectWrapper<>(new Outcome(Kind.NOTE, ""));
    private final ReadOnlyStringWrapper passwordNote = new ReadOnlyStringWrapper("");
    private final Probe endpointTest = new Probe();
    private final Probe databaseTest = new Probe();
    private List<Problem> lastProblems = List.of();
    private long keyStatusGeneration;

    /**
     * @param home         the data folder (settings file, key file, embedded database, station recipes)
     * @param current      the settings in use now
     * @param operator     who is signed in now (null: nobody); Save needs {@link Permission#CONFIGURE}
     * @param onSaved      called on {@code fx} with the settings just written
     * @param env          the environment (keys, the database password, overriding variables)
     * @param keymapCheck  the decision keymap's check: a problem in words, or empty when usable
     * @param recipeNames  the recipes that exist
     */
    public SettingsViewModel(KensaHome home, Settings current, Supplier<Operator> operator, Consumer<Settings> onSaved,
                             Map<String, String> env, Function<String, Optional<String>> keymapCheck,
                             List<String> recipeNames, Executor background, Executor fx) {
        this.home = home;
        this.current = current;
        this.operator = operator;
        this.onSaved = onSaved;
        this.env = Map.copyOf(env);
        this.keymapCheck = keymapCheck;
        this.recipeNames = List.copyOf(recipeNames);
        this.background = background;
        this.fx = fx;
        for (Field f : Field.values()) {
            problems.put(f, new ReadOnlyStringWrapper(""));
        }
        load(current);
        for (Observable o : List.of(station, recipe, device, useEndpoint, baseUrl, model, apiKeyEnv, automaticGate, band,
                callsPerHour, costPerHour, inputPrice, outputPrice, timeout, useJdbc, jdbcUrl, databaseUser, keymap,
                idleLockMinutes)) {
            o.addListener(x -> revalidate());
        }
        apiKeyEnv.addListener(x -> refreshKeyStatus());
        preset.addListener((o, a, p) -> applyPreset(p));
        revalidate();
    }

    public StringProperty station() { return station; }
    public StringProperty recipe() { return recipe; }
    public StringProperty device() { return device; }
    public BooleanProperty useEndpoint() { return useEndpoint; }
    public ObjectProperty<EndpointPreset> preset() { return preset; }
    public ReadOnlyStringProperty presetNote() { return presetNote.getReadOnlyProperty(); }
    public StringProperty baseUrl() { return baseUrl; }
    public StringProperty model() { return model; }
    public StringProperty apiKey() { return apiKey; }
    public StringProperty apiKeyEnv() { return apiKeyEnv; }
    public BooleanProperty automaticGate() { return automaticGate; }
    public StringProperty band() { return band; }
    public StringProperty callsPerHour() { return callsPerHour; }
    public StringProperty costPerHour() { return costPerHour; }
    public StringProperty inputPrice() { return inputPrice; }
    public StringProperty outputPrice() { return outputPrice; }
    public StringProperty timeout() { return timeout; }
    public BooleanProperty useJdbc() { return useJdbc; }
    public StringProperty jdbcUrl() { return jdbcUrl; }
    public StringProperty databaseUser() { return databaseUser; }
    public StringProperty keymap() { return keymap; }
    /** minutes without input before the screen locks; blank = the default */
    public StringProperty idleLockMinutes() { return idleLockMinutes; }

    /** The recipe choices: the station's and shipped recipes, plus the saved one if it no longer exists. */
    public ObservableList<String> recipes() { return FXCollections.unmodifiableObservableList(recipes); }
    public List<String> devices() { return SettingsForm.DEVICES; }
    public List<EndpointPreset> presets() { return List.of(EndpointPreset.values()); }
    /** The problems under one field, one per line; empty when the field is fine. */
    public ReadOnlyStringProperty problem(Field field) { return problems.get(field).getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canSave() { return canSave.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty saving() { return saving.getReadOnlyProperty(); }
    /** Where the API key comes from now, masked; {@code NOTE} when there is none. */
    public ReadOnlyObjectProperty<Outcome> keyStatus() { return keyStatus.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Outcome> saveResult() { return saveResult.getReadOnlyProperty(); }
    public ReadOnlyStringProperty passwordNote() { return passwordNote.getReadOnlyProperty(); }
    public Probe endpointTest() { return endpointTest; }
    public Probe databaseTest() { return databaseTest; }

    /** The settings as last saved (or as given). */
    public Settings settings() {
        return current;
    }

    public String embeddedDatabase() {
        return "Embedded H2 database: " + home.database().resolve("kensa.mv.db");
    }

    /** The workstation lets these environment variables win over the settings; says so where it matters. */
    public Optional<String> overriddenBy(String variable) {
        return Optional.ofNullable(env.get(variable)).map(value -> "The environment variable " + variable + " ("
                + value + ") is set and is used instead of this value.");
    }

    /** The form as typed now. */
    public SettingsForm form() {
        return new SettingsForm(station.get(), recipe.get(), device.get(), useEndpoint.get(), baseUrl.get(),
                model.get(), apiKeyEnv.get(), automaticGate.get(), band.get(), callsPerHour.get(), costPerHour.get(),
                inputPrice.get(), outputPrice.get(), timeout.get(), useJdbc.get(), jdbcUrl.get(), databaseUser.get(),
                keymap.get(), idleLockMinutes.get());
    }

    public void keymapDefaults() {
        keymap.set(SettingsForm.DEFAULT_KEYMAP);
    }

    /** Puts the saved settings back into the form. */
    public void revert() {
        load(current);
        saveResult.set(new Outcome(Kind.NOTE, ""));
    }

    /** Sends one small test request to the endpoint as typed, or cancels the running one. */
    public void testEndpoint() {
        Settings candidate = form().applyTo(current);
        Optional<String> typedKey = Optional.of(apiKey.get().strip()).filter(k -> !k.isEmpty());
        endpointTest.toggle("Sending a test request to " + baseUrl.get().strip() + "…",
                () -> SettingsProbes.testEndpoint(home, candidate, Recipes.DEMO, typedKey, env));
    }

    /** Opens the server database as typed once, or cancels the running test. */
    public void testDatabase() {
        Settings candidate = form().applyTo(current);
        String password = env.getOrDefault(DB_PASSWORD_ENV, "");
        databaseTest.toggle("Opening " + jdbcUrl.get().strip() + "…",
                () -> SettingsProbes.testDatabase(home, candidate, password));
    }

    /**
     * Writes the typed key to its owner-only file and the settings atomically, on the background executor; the
     * result, the key line and {@code onSaved} follow on {@code fx}.
     */
    public void save() {
        List<Problem> found = revalidate();
        if (!found.isEmpty()) {
            saveResult.set(new Outcome(Kind.FAILED, "Not saved: fix the " + found.size()
                    + (found.size() == 1 ? " marked field." : " marked fields.")));
            return;
        }
        if (saving.get()) {
            return;
        }
        try {
            Permission.CONFIGURE.require(operator.get());
        } catch (PermissionDeniedException e) {
            saveResult.set(new Outcome(Kind.FAILED, "Not saved: " + e.getMessage()));
            return;
        }
        Settings before = current;
        Settings next = form().applyTo(before);
        String typedKey = apiKey.get().strip();
        String keyEnv = apiKeyEnv.get();
        saving.set(true);
        background.execute(() -> {
            Optional<String> failure = write(next, typedKey);
            Outcome key = failure.isEmpty() ? keyStatusNow(next, keyEnv) : null;
            fx.execute(() -> saved(before, next, typedKey, failure, key));
        });
    }

    private Optional<String> write(Settings next, String typedKey) {
        try {
            if (!typedKey.isEmpty()) {
                ApiKeys.save(SettingsProbes.keyFile(SettingsProbes.llmSettings(next), home), typedKey);
            }
            next.save(home.settingsFile());
            return Optional.empty();
        } catch (ExplainerSetupException e) {
            return Optional.of("Not saved: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("Not saved: cannot write " + home.settingsFile() + " (" + e.getMessage()
                    + "). Check that the data folder is writable.");
        }
    }

    private void saved(Settings before, Settings next, String typedKey, Optional<String> failure, Outcome key) {
        saving.set(false);
        if (failure.isPresent()) {
            saveResult.set(new Outcome(Kind.FAILED, failure.get()));
            return;
        }
        if (!typedKey.isEmpty() && apiKey.get().strip().equals(typedKey)) {
            apiKey.set("");
        }
        List<String> restart = SettingsForm.needingRestart(before, next, Recipes.DEMO);
        current = next;
        keyStatusGeneration++;
        keyStatus.set(key);
        onSaved.accept(next);
        saveResult.set(restart.isEmpty() ? new Outcome(Kind.OK, "Saved. The changes take effect now.")
                : new Outcome(Kind.WARNING, "Saved. Restart the workstation to apply the " + String.join(", ", restart)
                        + "; the other changes take effect now."));
    }

    private void load(Settings s) {
        SettingsForm f = SettingsForm.from(s, Recipes.DEMO);
        List<String> names = new ArrayList<>(recipeNames);
        if (!names.contains(f.recipe())) {
            names.add(f.recipe()); // shown, so the "no recipe named" message has something to point at
        }
        recipes.setAll(names);
        station.set(f.station());
        recipe.set(f.recipe());
        device.set(f.device());
        useEndpoint.set(f.useEndpoint());
        baseUrl.set(f.baseUrl());
        model.set(f.model());
        apiKey.set("");
        apiKeyEnv.set(f.apiKeyEnv());
        automaticGate.set(f.automaticGate());
        band.set(f.bandBelowThreshold());
        callsPerHour.set(f.callsPerHour());
        costPerHour.set(f.costPerHour());
        inputPrice.set(f.inputPricePerMillion());
        outputPrice.set(f.outputPricePerMillion());
        timeout.set(f.timeoutSeconds());
        useJdbc.set(f.useJdbc());
        jdbcUrl.set(f.jdbcUrl());
        databaseUser.set(f.databaseUser());
        keymap.set(f.keymap());
        idleLockMinutes.set(f.idleLockMinutes());
        boolean passwordSet = Optional.ofNullable(env.get(DB_PASSWORD_ENV)).filter(p -> !p.isEmpty()).isPresent();
        passwordNote.set("Read from the environment variable " + DB_PASSWORD_ENV + " ("
                + (passwordSet ? "set" : "not set") + "), never stored in the settings.");
        refreshKeyStatus();
    }

    private List<Problem> revalidate() {
        List<Problem> found = form().validate(recipeNames, keymapCheck);
        Map<Field, String> byField = new EnumMap<>(Field.class);
        for (Problem p : found) {
            byField.merge(p.field(), p.message(), (a, b) -> a + "\n" + b);
        }
        problems.forEach((f, text) -> text.set(byField.getOrDefault(f, "")));
        canSave.set(found.isEmpty());
        lastProblems = found;
        return found;
    }

    /** The problems now, in the order of the form. */
    public List<Problem> problems() {
        return lastProblems;
    }

    private void refreshKeyStatus() {
        long mine = ++keyStatusGeneration;
        Settings s = current;
        String keyEnv = apiKeyEnv.get();
        background.execute(() -> {
            Outcome o = keyStatusNow(s, keyEnv);
            fx.execute(() -> {
                if (mine == keyStatusGeneration) {
                    keyStatus.set(o);
                }
            });
        });
    }

    /** Reads the key file: background only. */
    private Outcome keyStatusNow(Settings s, String keyEnv) {
        LlmSettings llm;
        try {
            llm = SettingsProbes.llmSettings(s);
        } catch (IllegalArgumentException e) {
            llm = LlmSettings.defaults();
        }
        String name = keyEnv.strip();
        Outcome o = SettingsProbes.keyStatus(llm.withApiKeyEnv(name.isEmpty() ? LlmSettings.DEFAULT_KEY_ENV : name),
                home, env);
        return o.kind() == Kind.WARNING ? new Outcome(Kind.NOTE, o.message()) : o;
    }

    private void applyPreset(EndpointPreset p) {
        if (p == null) {
            return;
        }
        useEndpoint.set(true);
        baseUrl.set(p.baseUrl);
        model.set(p.model);
        presetNote.set(p.note);
    }
}
