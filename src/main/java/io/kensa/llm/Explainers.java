package io.kensa.llm;

import java.nio.file.Path;
import java.util.Map;

/** Creates the explainer the settings ask for: the offline one without a base URL, else the LLM client. */
public final class Explainers {
    private Explainers() {}

    /**
     * @param dataFolder  the Kensa data folder (for the default API key file)
     * @throws ExplainerSetupException when the endpoint settings or the key file are unusable
     */
    public static Explainer create(LlmSettings settings, Path dataFolder) throws ExplainerSetupException {
        return create(settings, System.getenv(), dataFolder);
    }

    public static Explainer create(LlmSettings settings, Map<String, String> env, Path dataFolder)
            throws ExplainerSetupException {
        if (settings.offline()) {
            return new OfflineExplainer(settings);
        }
        return new ChatExplainer(settings, ApiKeys.resolve(settings, env, dataFolder));
    }
}
