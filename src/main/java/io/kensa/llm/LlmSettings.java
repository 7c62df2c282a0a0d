package io.kensa.llm;

import io.kensa.detect.Detection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How explanations are made. Without a base URL the built-in offline explainer is used (the out-of-the-box
 * default). The API key is never part of the settings: it comes from the environment variable named here or from
 * an owner-only key file ({@link ApiKeys}).
 *
 * @param baseUrl              OpenAI-compatible base URL, e.g. {@code http://localhost:11434/v1}; empty = offline
 * @param model                model (Azure: deployment) name
 * @param apiKeyEnv            environment variable holding the key ({@code OPENAI_API_KEY} is also read for api.openai.com)
 * @param apiKeyFile           owner-only file holding the key; empty = {@code <data folder>/secrets/llm-api-key}
 * @param azureApiVersion      {@code api-version} for Azure OpenAI hosts (ignored elsewhere)
 * @param imageSize            images are sent as {@code imageSize × imageSize} (VELM: 448)
 * @param timeout              for the whole answer, streaming included
 * @param rateLimitRetries     retries after HTTP 429 (waits honour {@code Retry-After})
 * @param maxRetryWait         a 429 asking to wait longer than this is not retried
 * @param maxAnswerTokens      cap on the answer's length
 * @param cacheEntries         identical requests answered from memory (0 = no cache)
 */
public record LlmSettings(Optional<String> baseUrl, String model, String apiKeyEnv, Optional<Path> apiKeyFile,
                          String azureApiVersion, int imageSize, ImageFormat imageFormat, Duration timeout,
                          int rateLimitRetries, Duration maxRetryWait, int maxAnswerTokens, int cacheEntries,
                          Gate gate, Budget budget) {

    public static final String DEFAULT_KEY_ENV = "KENSA_LLM_API_KEY";

    public enum ImageFormat { PNG, JPEG }

    /**
     * When frames are explained automatically.
     *
     * @param automatic           false = only on demand (the "Send to LLM" button)
     * @param bandBelowThreshold  also send scores up to this fraction below the threshold (0.1 = within 10 %)
     */
    public record Gate(boolean automatic, double bandBelowThreshold) {
        public boolean admits(Detection d) {
            if (!automatic) {
                return false;
            }
            return d.score() > d.threshold() - bandBelowThreshold * Math.abs(d.threshold());
        }
    }

    /**
     * Limits per sliding hour; 0 means no limit. Prices (per million tokens) only feed the cost estimate.
     */
    public record Budget(int maxCallsPerHour, long maxTokensPerHour, double maxCostPerHour,
                         double inputPricePerMillion, double outputPricePerMillion) {
        public double cost(long promptTokens, long completionTokens) {
            return (promptTokens * inputPricePerMillion + completionTokens * outputPricePerMillion) / 1_000_000.0;
        }
    }

    public LlmSettings {
        if (imageSize < 64 || imageSize > 2048) {
            throw new IllegalArgumentException("llm.imageSize " + imageSize + " is outside 64..2048 (VELM uses 448)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("llm.timeoutSeconds must be above 0");
        }
    }

    /** The defaults: offline explainer, 448 px PNG, 60 s timeout, 2 retries on 429, 120 calls per hour. */
    public static LlmSettings defaults() {
        return new LlmSettings(Optional.empty(), "", DEFAULT_KEY_ENV, Optional.empty(), "2024-10-21", 448,
                ImageFormat.PNG, Duration.ofSeconds(60), 2, Duration.ofSeconds(30), 800, 256,
                new Gate(true, 0.0), new Budget(120, 0, 0, 0, 0));
    }

    public boolean offline() {
        return baseUrl.isEmpty();
    }

    public LlmSettings withEndpoint(String url, String modelName) {
        return new LlmSettings(Optional.of(url), modelName, apiKeyEnv, apiKeyFile, azureApiVersion, imageSize,
                imageFormat, timeout, rateLimitRetries, maxRetryWait, maxAnswerTokens, cacheEntries, gate, budget);
    }

    /** The same settings with the offline explainer. */
    public LlmSettings withoutEndpoint() {
        return new LlmSettings(Optional.empty(), model, apiKeyEnv, apiKeyFile, azureApiVersion, imageSize, imageFormat,
                timeout, rateLimitRetries, maxRetryWait, maxAnswerTokens, cacheEntries, gate, budget);
    }

    public LlmSettings withApiKeyEnv(String env) {
        return new LlmSettings(baseUrl, model, env, apiKeyFile, azureApiVersion, imageSize, imageFormat, timeout,
                rateLimitRetries, maxRetryWait, maxAnswerTokens, cacheEntries, gate, budget);
    }

    public LlmSettings withLimits(Duration newTimeout, int retries, Duration retryWait, Budget newBudget) {
        return new LlmSettings(baseUrl, model, apiKeyEnv, apiKeyFile, azureApiVersion, imageSize, imageFormat,
                newTimeout, retries, retryWait, maxAnswerTokens, cacheEntries, gate, newBudget);
    }

    /**
     * Reads {@code llm.*} keys (see docs/llm.md); missing keys keep their defaults.
     *
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static LlmSettings fromProperties(Properties p) {
        LlmSettings d = defaults();
        String url = p.getProperty("llm.baseUrl", "").strip();
        String file = p.getProperty("llm.apiKeyFile", "").strip();
        String format = p.getProperty("llm.imageFormat", d.imageFormat.name()).strip().toUpperCase(Locale.ROOT);
        ImageFormat imageFormat;
        try {
            imageFormat = ImageFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("llm.imageFormat '" + format + "' is not png or jpeg", e);
        }
        return new LlmSettings(url.isEmpty() ? Optional.empty() : Optional.of(url),
                p.getProperty("llm.model", d.model).strip(), p.getProperty("llm.apiKeyEnv", d.apiKeyEnv).strip(),
                file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)),
                p.getProperty("llm.azureApiVersion", d.azureApiVersion).strip(),
                integer(p, "llm.imageSize", d.imageSize), imageFormat,
                Duration.ofSeconds(integer(p, "llm.timeoutSeconds", (int) d.timeout.toSeconds())),
                integer(p, "llm.rateLimitRetries", d.rateLimitRetries),
                Duration.ofSeconds(integer(p, "llm.maxRetryWaitSeconds", (int) d.maxRetryWait.toSeconds())),
                integer(p, "llm.maxAnswerTokens", d.maxAnswerTokens), integer(p, "llm.cacheEntries", d.cacheEntries),
                new Gate(Boolean.parseBoolean(p.getProperty("llm.gate.automatic", "true").strip()),
                        decimal(p, "llm.gate.bandBelowThreshold", d.gate.bandBelowThreshold)),
                new Budget(integer(p, "llm.budget.callsPerHour", d.budget.maxCallsPerHour),
                        integer(p, "llm.budget.tokensPerHour", 0), decimal(p, "llm.budget.costPerHour", 0),
                        decimal(p, "llm.price.inputPerMillion", 0), decimal(p, "llm.price.outputPerMillion", 0)));
    }

    private static int integer(Properties p, String key, int fallback) {
        return parsed(p, key, fallback, Integer::parseInt, "a whole number");
    }

    private static double decimal(Properties p, String key, double fallback) {
        return parsed(p, key, fallback, Double::parseDouble, "a number");
    }

    /** A property parsed, the fallback when it is absent or blank; a bad value names the key and what it must be. */
    private static <T> T parsed(Properties p, String key, T fallback, java.util.function.Function<String, T> parse,
                                String kind) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not " + kind, e);
        }
    }
}
