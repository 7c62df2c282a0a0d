package io.kensa.cli;

import io.kensa.config.KensaHome;
import io.kensa.llm.LlmSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code --endpoint}, {@code --model}, {@code --api-key-env} and {@code --offline}, shared by the explaining commands. */
final class LlmOptions {
    @Option(names = "--endpoint", paramLabel = "URL", description = "OpenAI-compatible base URL, e.g. http://localhost:11434/v1")
    String endpoint;

    @Option(names = "--model", paramLabel = "M", description = "model (Azure: deployment) name")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "environment variable holding the API key")
    String apiKeyEnv;

    @Option(names = "--offline", description = "use the offline rule-based explainer even if an endpoint is configured")
    boolean offline;

    /** The data folder's saved LLM settings (defaults when there is no settings file), overridden by these options. */
    LlmSettings settings(KensaHome home) throws IOException {
        Properties p = new Properties();
        Path file = home.settingsFile();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        LlmSettings s = LlmSettings.fromProperties(p);
        if (endpoint != null) {
            s = s.withEndpoint(endpoint, model != null ? model : s.model());
        } else if (model != null && !s.offline()) {
            s = s.withEndpoint(s.baseUrl().get(), model);
        }
        if (apiKeyEnv != null) {
            s = s.withApiKeyEnv(apiKeyEnv);
        }
        return offline ? s.withoutEndpoint() : s;
    }
}
