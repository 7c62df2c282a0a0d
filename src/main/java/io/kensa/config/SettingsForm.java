package io.kensa.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the settings screen edits, as text exactly as typed: read from {@link Settings}, checked field by field, and
 * written back. The API key and the database password are deliberately absent: the key goes to its owner-only file,
 * the password comes from {@code KENSA_DB_PASSWORD}; neither may reach {@code settings.properties}.
 * Blank optional fields remove their key, so the built-in default (or the recipe's value) applies.
 */
public record SettingsForm(String station, String recipe, String device,
                           boolean useEndpoint, String baseUrl, String model, String apiKeyEnv,
                           boolean automaticGate, String bandBelowThreshold, String callsPerHour, String costPerHour,
                           String inputPricePerMillion, String outputPricePerMillion, String timeoutSeconds,
                           boolean useJdbc, String jdbcUrl, String databaseUser,
                           String keymap, String idleLockMinutes) {

    public static final String DATABASE_USER = "database.user";
    public static final String KEYMAP = "keymap.decision";
    public static final String LLM_API_KEY_ENV = "llm.apiKeyEnv";
    public static final String LLM_GATE_AUTOMATIC = "llm.gate.automatic";
    public static final String LLM_GATE_BAND = "llm.gate.bandBelowThreshold";
    public static final String LLM_CALLS_PER_HOUR = "llm.budget.callsPerHour";
    public static final String LLM_COST_PER_HOUR = "llm.budget.costPerHour";
    public static final String LLM_INPUT_PRICE = "llm.price.inputPerMillion";
    public static final String LLM_OUTPUT_PRICE = "llm.price.outputPerMillion";
    public static final String LLM_TIMEOUT = "llm.timeoutSeconds";
    /** Minutes without a key or mouse event before the screen locks (0 = never; blank = the default, 10). */
    public static final String IDLE_LOCK_MINUTES = "accounts.idleLockMinutes";
    /** The same bindings as {@code DecisionKeymap.defaults()}, as the text an operator edits. */
    public static final String DEFAULT_KEYMAP = "accept=ENTER,F13; override=O,F14; undo=Z,BACK_SPACE,F15; cancel=ESCAPE";
    public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The fields a problem can be shown under. */
    public enum Field { STATION, RECIPE, DEVICE, BASE_URL, MODEL, API_KEY_ENV, BAND, CALLS, COST, INPUT_PRICE,
        OUTPUT_PRICE, TIMEOUT, JDBC_URL, DATABASE_USER, KEYMAP, IDLE_LOCK }

    /** One thing to fix, shown beside its field. */
    public record Problem(Field field, String message) {}

    /**
     * Well-known OpenAI-compatible servers: base URL, a model that takes images, and what to know about the key.
     * A {@code <placeholder>} in the URL must be replaced before the form validates.
     */
    public enum EndpointPreset {
        OPENAI("OpenAI", "https://api.openai.com/v1", "gpt-4o-mini", "Needs an API key (sk-…)."),
        AZURE("Azure OpenAI", "https://<resource>.openai.azure.com", "",
                "Replace <resource>; the model is your deployment name; the key is the resource key."),
        OLLAMA("Ollama", "http://localhost:11434/v1", "qwen2.5vl:7b", "Local server: no key needed."),
        VLLM("vLLM", "http://localhost:8000/v1", "Qwen/Qwen2.5-VL-7B-Instruct",
                "Local server: a key only if vLLM was started with --api-key."),
        LLAMA_CPP("llama.cpp", "http://localhost:8080/v1", "any", "Local llama-server: no key needed.");

        public final String title;
        public final String baseUrl;
        public final String model;
        public final String note;

        EndpointPreset(String title, String baseUrl, String model, String note) {
            this.title = title;
            this.baseUrl = baseUrl;
            this.model = model;
            this.note = note;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    public SettingsForm {
        station = clean(station);
        recipe = clean(recipe);
        device = clean(device);
        baseUrl = clean(baseUrl);
        model = clean(model);
        apiKeyEnv = clean(apiKeyEnv);
        bandBelowThreshold = clean(bandBelowThreshold);
        callsPerHour = clean(callsPerHour);
        costPerHour = clean(costPerHour);
        inputPricePerMillion = clean(inputPricePerMillion);
        outputPricePerMillion = clean(outputPricePerMillion);
        timeoutSeconds = clean(timeoutSeconds);
        jdbcUrl = clean(jdbcUrl);
        databaseUser = clean(databaseUser);
        keymap = clean(keymap);
        idleLockMinutes = clean(idleLockMinutes);
    }

    /** The form as the saved settings fill it; absent keys show as blank (defaults) except device and keymap. */
    public static SettingsForm from(Settings s, String defaultRecipe) {
        return new SettingsForm(s.get(Settings.STATION, ""), s.get(Settings.RECIPE, defaultRecipe),
                s.get(Settings.DEVICE, "auto").toLowerCase(Locale.ROOT),
                s.get(Settings.LLM_BASE_URL).isPresent(), s.get(Settings.LLM_BASE_URL, ""), s.get(Settings.LLM_MODEL, ""),
                s.get(LLM_API_KEY_ENV, ""),
                !s.get(LLM_GATE_AUTOMATIC, "true").strip().equalsIgnoreCase("false"), s.get(LLM_GATE_BAND, ""),
                s.get(LLM_CALLS_PER_HOUR, ""), s.get(LLM_COST_PER_HOUR, ""), s.get(LLM_INPUT_PRICE, ""),
                s.get(LLM_OUTPUT_PRICE, ""), s.get(LLM_TIMEOUT, ""),
                s.get(Settings.DATABASE_URL).isPresent(), s.get(Settings.DATABASE_URL, ""), s.get(DATABASE_USER, ""),
                s.get(KEYMAP, DEFAULT_KEYMAP), s.get(IDLE_LOCK_MINUTES, ""));
    }

    /**
     * Every problem, in the order of the form.
     *
     * @param recipes      the recipe names that exist
     * @param keymapCheck  the decision keymap's own parser: a problem in words, or empty when the text is usable
     */
    public List<Problem> validate(List<String> recipes, Function<String, Optional<String>> keymapCheck) {
        List<Problem> problems = new ArrayList<>();
        if (station.contains("\n")) {
            problems.add(new Problem(Field.STATION, "The station name must be one line."));
        }
        if (!recipes.contains(recipe)) {
            problems.add(new Problem(Field.RECIPE, "No recipe named '" + recipe + "'. Pick one of " + recipes + "."));
        }
        if (!DEVICES.contains(device)) {
            problems.add(new Problem(Field.DEVICE, "Device '" + device + "' is not auto, cpu or gpu."));
        }
        if (useEndpoint) {
            urlProblem(baseUrl).ifPresent(m -> problems.add(new Problem(Field.BASE_URL, m)));
            if (model.isEmpty()) {
                problems.add(new Problem(Field.MODEL,
                        "Enter the model name (Azure: the deployment name); an endpoint needs one."));
            }
        }
        if (!apiKeyEnv.isEmpty() && !ENV_NAME.matcher(apiKeyEnv).matches()) {
            problems.add(new Problem(Field.API_KEY_ENV, "'" + apiKeyEnv
                    + "' is not an environment variable name (letters, digits and _; e.g. KENSA_LLM_API_KEY)."));
        }
        number(problems, Field.BAND, bandBelowThreshold, "The band", 0, 1, false,
                "a fraction of the threshold from 0 to 1 (0.1 = within 10 %)");
        number(problems, Field.CALLS, callsPerHour, "Calls per hour", 0, 1_000_000, true, "0 = no limit");
        number(problems, Field.COST, costPerHour, "Cost per hour", 0, 1e9, false, "0 = no limit");
        number(problems, Field.INPUT_PRICE, inputPricePerMillion, "The input price", 0, 1e9, false, "per million tokens");
        number(problems, Field.OUTPUT_PRICE, outputPricePerMillion, "The output price", 0, 1e9, false, "per million tokens");
        number(problems, Field.TIMEOUT, timeoutSeconds, "The timeout", 1, 3600, true, "seconds, 1 to 3600");
        if (useJdbc) {
            if (!jdbcUrl.startsWith("jdbc:")) {
                problems.add(new Problem(Field.JDBC_URL,
                        "A JDBC URL starts with jdbc:, e.g. jdbc:postgresql://db-host:5432/kensa"));
            } else if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
                problems.add(new Problem(Field.JDBC_URL, "Take the password out of the URL: settings are not secret. "
                        + "Set the environment variable KENSA_DB_PASSWORD instead."));
            }
        }
        if (databaseUser.contains("\n")) {
            problems.add(new Problem(Field.DATABASE_USER, "The database user must be one line."));
        }
        if (!keymap.isEmpty()) {
            keymapCheck.apply(keymap).ifPresent(m -> problems.add(new Problem(Field.KEYMAP, m)));
        }
        number(problems, Field.IDLE_LOCK, idleLockMinutes, "The idle lock", 0, 24 * 60, true,
                "minutes, 0 = never, at most 1440");
        return List.copyOf(problems);
    }

    /** The settings with this form applied; other keys (window, source, operator, …) are kept as they are. */
    public Settings applyTo(Settings base) {
        return base.with(Settings.STATION, blankToNull(station))
                .with(Settings.RECIPE, blankToNull(recipe))
                .with(Settings.DEVICE, device)
                .with(Settings.LLM_BASE_URL, useEndpoint ? blankToNull(baseUrl) : null)
                .with(Settings.LLM_MODEL, blankToNull(model))
                .with(LLM_API_KEY_ENV, blankToNull(apiKeyEnv))
                .with(LLM_GATE_AUTOMATIC, String.valueOf(automaticGate))
                .with(LLM_GATE_BAND, blankToNull(bandBelowThreshold))
                .with(LLM_CALLS_PER_HOUR, blankToNull(callsPerHour))
                .with(LLM_COST_PER_HOUR, blankToNull(costPerHour))
                .with(LLM_INPUT_PRICE, blankToNull(inputPricePerMillion))
                .with(LLM_OUTPUT_PRICE, blankToNull(outputPricePerMillion))
                .with(LLM_TIMEOUT, blankToNull(timeoutSeconds))
                .with(Settings.DATABASE_URL, useJdbc ? blankToNull(jdbcUrl) : null)
                .with(DATABASE_USER, useJdbc ? blankToNull(databaseUser) : null)
                .with(KEYMAP, keymap.isEmpty() || keymap.equals(DEFAULT_KEYMAP) ? null : keymap)
                .with(IDLE_LOCK_MINUTES, blankToNull(idleLockMinutes));
    }

    /**
     * What changed between two saved settings that the running workstation only picks up when it is opened again
     * (it opens the recipe, database, detector device and station record once). Empty = everything applies now.
     */
    public static List<String> needingRestart(Settings before, Settings after, String defaultRecipe) {
        List<String> names = new ArrayList<>();
        if (!before.get(Settings.RECIPE, defaultRecipe).equals(after.get(Settings.RECIPE, defaultRecipe))) {
            names.add("recipe");
        }
        if (!before.get(Settings.DEVICE, "auto").equalsIgnoreCase(after.get(Settings.DEVICE, "auto"))) {
            names.add("device");
        }
        if (changed(before, after, Settings.DATABASE_URL) || changed(before, after, DATABASE_USER)) {
            names.add("database");
        }
        if (changed(before, after, Settings.STATION)) {
            names.add("station name");
        }
        return List.copyOf(names);
    }

    /** Problems with a base URL as typed, or empty when it is a usable http(s) address. */
    static Optional<String> urlProblem(String url) {
        if (url.isEmpty()) {
            return Optional.of("Enter the server's base URL, e.g. http://localhost:11434/v1, or choose Offline.");
        }
        if (url.contains("<") || url.contains(">")) {
            return Optional.of("Replace the <…> placeholder in '" + url + "' with your own value.");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.of("'" + url + "' must start with http:// or https://");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.of("'" + url + "' has no host name, e.g. http://localhost:11434/v1");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                return Optional.of("'" + url + "' must not have a ?query or #fragment; use the base URL, e.g. .../v1");
            }
        } catch (URISyntaxException e) {
            return Optional.of("'" + url + "' is not a web address (" + e.getReason() + "), e.g. http://localhost:11434/v1");
        }
        return Optional.empty();
    }

    private static void number(List<Problem> problems, Field field, String text, String what, double min, double max,
                               boolean whole, String hint) {
        if (text.isEmpty()) {
            return;
        }
        try {
            double v = whole ? Integer.parseInt(text) : Double.parseDouble(text);
            if (Double.isNaN(v) || v < min || v > max) {
                problems.add(new Problem(field, what + " " + text + " is out of range (" + hint + ")."));
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem(field, what + " '" + text + "' is not " + (whole ? "a whole number" : "a number")
                    + " (" + hint + ")."));
        }
    }

    private static boolean changed(Settings a, Settings b, String key) {
        return !Objects.equals(a.get(key), b.get(key));
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
