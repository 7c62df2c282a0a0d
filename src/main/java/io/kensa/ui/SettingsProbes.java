package io.kensa.ui;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.detect.Detection;
import io.kensa.llm.ApiKeys;
import io.kensa.llm.Endpoints;
import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.ExplainerSetupException;
import io.kensa.llm.Explainers;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.MaskDetections;
import io.kensa.llm.ProfileException;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.StoreException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the settings screen's "Test connection" buttons and key line do, without any JavaFX: blocking calls meant
 * for a background task. Nothing here returns or logs an API key other than masked.
 */
final class SettingsProbes {
    /** Images for the test request are this small: enough to prove the endpoint takes images, cheap to send. */
    private static final int PROBE_SIZE = 64;

    /** NOTE: a neutral line (shown muted), e.g. "running…" or "no key saved". */
    enum Kind { NOTE, OK, WARNING, FAILED }

    /** The outcome of a test, in words for the operator. */
    record Outcome(Kind kind, String message) {}

    private SettingsProbes() {}

    /** The LLM settings the given saved (or about to be saved) settings describe. */
    static LlmSettings llmSettings(Settings settings) {
        Properties p = new Properties();
        settings.values().forEach(p::setProperty);
        return LlmSettings.fromProperties(p);
    }

    static Path keyFile(LlmSettings llm, KensaHome home) {
        return llm.apiKeyFile().orElse(ApiKeys.defaultKeyFile(home.root()));
    }

    /** Where the key would come from now, masked: environment first (it wins), then the owner-only key file. */
    static Outcome keyStatus(LlmSettings llm, KensaHome home, Map<String, String> env) {
        for (String name : ApiKeys.environmentVariables(llm)) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return new Outcome(Kind.OK, "Key " + ApiKeys.mask(value) + " from the environment variable " + name
                        + " (it is used instead of a saved key).");
            }
        }
        Path file = keyFile(llm, home);
        try {
            return ApiKeys.resolve(llm, Map.of(), home.root())
                    .map(k -> new Outcome(Kind.OK, "Saved key " + ApiKeys.mask(k) + " in " + file + " (readable by you only)."))
                    .orElse(new Outcome(Kind.WARNING, "No key saved. Local servers (Ollama, llama.cpp) need none."));
        } catch (ExplainerSetupException e) {
            return new Outcome(Kind.FAILED, e.getMessage());
        }
    }

    /**
     * Sends one small real explanation request (64 px images of the recipe's profile) to the endpoint the settings
     * name and says how it went. A key typed but not yet saved is used for this request only.
     * Interrupting the calling thread cancels the request.
     */
    static Outcome testEndpoint(KensaHome home, Settings candidate, String defaultRecipe, Optional<String> typedKey,
                                Map<String, String> env) {
        LlmSettings s;
        try {
            s = llmSettings(candidate);
        } catch (IllegalArgumentException e) {
            return new Outcome(Kind.FAILED, "Fix the settings first: " + e.getMessage());
        }
        if (s.offline()) {
            return new Outcome(Kind.WARNING, "The offline explainer is selected: there is no endpoint to test.");
        }
        LlmSettings probe = new LlmSettings(s.baseUrl(), s.model(), s.apiKeyEnv(), s.apiKeyFile(), s.azureApiVersion(),
                PROBE_SIZE, LlmSettings.ImageFormat.PNG, s.timeout(), 0, s.maxRetryWait(), s.maxAnswerTokens(), 0,
                s.gate(), new LlmSettings.Budget(0, 0, 0, 0, 0));
        Map<String, String> probeEnv = new HashMap<>(env);
        typedKey.filter(k -> !k.isBlank()).ifPresent(k -> probeEnv.put(probe.apiKeyEnv(), k.strip()));
        ExplainRequest request;
        try {
            request = request(home, candidate.get(Settings.RECIPE, defaultRecipe));
        } catch (RecipeException | ProfileException e) {
            return new Outcome(Kind.FAILED, "Cannot build a test request from the recipe: " + e.getMessage());
        }
        try (Explainer explainer = Explainers.create(probe, probeEnv, home.root())) {
            ExplanationTask task = explainer.explain(request, text -> { });
            try {
                // the task always ends by itself (answer, fault or its own timeout); the margin covers class loading
                return words(task.result().get(probe.timeout().toSeconds() + 15, TimeUnit.SECONDS), explainer.describe());
            } catch (InterruptedException e) {
                task.cancel();
                Thread.currentThread().interrupt();
                return new Outcome(Kind.FAILED, "Test cancelled.");
            } catch (TimeoutException e) {
                task.cancel();
                return new Outcome(Kind.FAILED, "Timeout — no answer from " + Endpoints.redact(s.baseUrl().get()) + " in time.");
            } catch (ExecutionException e) {
                return new Outcome(Kind.FAILED, "The test request failed: " + e.getCause().getMessage());
            }
        } catch (ExplainerSetupException e) {
            return new Outcome(Kind.FAILED, e.getMessage());
        }
    }

    /** Opens the database the settings name (running its migrations), then closes it again. */
    static Outcome testDatabase(KensaHome home, Settings candidate, String password) {
        Optional<String> url = candidate.get(Settings.DATABASE_URL);
        try (Database db = url.isPresent()
                ? Database.open(url.get(), candidate.get(SettingsForm.DATABASE_USER, ""), password)
                : Database.openFile(home.database())) {
            List<Integer> applied = db.appliedOnOpen();
            return new Outcome(Kind.OK, "OK — connected to " + db.describe() + (applied.isEmpty()
                    ? "; Kensa's tables are up to date." : "; created or upgraded Kensa's tables (migrations " + applied + ")."));
        } catch (StoreException e) {
            return new Outcome(Kind.FAILED, e.getMessage());
        }
    }

    /** The result of a test request, in words: which state it ended in and what to do. */
    static Outcome words(Explanation e, String endpoint) {
        String why = e.rationale();
        return switch (e.status()) {
            case ANSWERED -> new Outcome(Kind.OK, "OK — " + endpoint + " answered in " + e.latencyMs()
                    + " ms with a valid explanation.");
            case OFFLINE -> new Outcome(Kind.WARNING, "The offline explainer answered: no endpoint is in use.");
            case INVALID_ANSWER -> new Outcome(Kind.WARNING, "Connected, but the answer was not valid — " + why);
            case REFUSED -> new Outcome(Kind.WARNING, "Connected, but the model refused — " + why);
            case RATE_LIMITED -> new Outcome(Kind.WARNING, "Rate limited — " + why);
            case UNAUTHORIZED -> new Outcome(Kind.FAILED, "Unauthorized — " + why);
            case UNREACHABLE -> new Outcome(Kind.FAILED, "Unreachable — " + why);
            case TIMEOUT -> new Outcome(Kind.FAILED, "Timeout — " + why);
            case SERVER_ERROR -> new Outcome(Kind.FAILED, "Server error — " + why);
            case BUDGET_EXCEEDED -> new Outcome(Kind.FAILED, "Not sent — " + why);
            case CANCELLED -> new Outcome(Kind.FAILED, "Test cancelled.");
        };
    }

    /** A grey frame with a small square flagged in the middle, explained with the recipe's own prompt profile. */
    private static ExplainRequest request(KensaHome home, String recipeName) throws RecipeException, ProfileException {
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(new Recipes(home).load(recipeName).folder());
        BufferedImage image = new BufferedImage(PROBE_SIZE, PROBE_SIZE, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(PROBE_SIZE, PROBE_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, PROBE_SIZE, PROBE_SIZE);
        g.dispose();
        Graphics2D m = mask.createGraphics();
        m.setColor(Color.WHITE);
        m.fillRect(PROBE_SIZE / 2 - 8, PROBE_SIZE / 2 - 8, 16, 16);
        m.dispose();
        Detection detection = MaskDetections.fromMask(mask, PROBE_SIZE, PROBE_SIZE);
        return new ExplainRequest(image, detection, profile);
    }
}
