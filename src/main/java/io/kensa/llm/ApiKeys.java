package io.kensa.llm;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the LLM API key comes from: the environment ({@code KENSA_LLM_API_KEY} or the variable the settings name;
 * {@code OPENAI_API_KEY} too, but only for {@code https://api.openai.com}), else an owner-only key file. The key is
 * only ever shown masked.
 */
public final class ApiKeys {
    /** Read only when the endpoint is OpenAI's own API: that variable is often set for other tools. */
    public static final String FALLBACK_ENV = "OPENAI_API_KEY";
    private static final String OPENAI_HOST = "api.openai.com";

    private ApiKeys() {}

    /** The default key file inside the data folder. */
    public static Path defaultKeyFile(Path dataFolder) {
        return dataFolder.resolve("secrets").resolve("llm-api-key");
    }

    /**
     * The key, or empty when none is configured (local servers such as Ollama need none).
     *
     * @throws ExplainerSetupException when the key file can be read by other users
     */
    public static Optional<String> resolve(LlmSettings settings, Map<String, String> env, Path dataFolder)
            throws ExplainerSetupException {
        for (String name : environmentVariables(settings)) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        Path file = settings.apiKeyFile().orElse(defaultKeyFile(dataFolder));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        requireOwnerOnly(file);
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException e) {
            throw new ExplainerSetupException("Cannot read the API key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The environment variables the key is read from, in order: the configured one (any host), then
     * {@code OPENAI_API_KEY} when the endpoint is {@code https://api.openai.com}. A key meant for OpenAI is thus
     * never sent to another server (a LAN vLLM, a plain-http proxy) just because it is in the environment.
     */
    public static List<String> environmentVariables(LlmSettings settings) {
        boolean openai = settings.baseUrl().map(ApiKeys::isOpenAi).orElse(false);
        return openai && !settings.apiKeyEnv().equals(FALLBACK_ENV) ? List.of(settings.apiKeyEnv(), FALLBACK_ENV)
                : List.of(settings.apiKeyEnv());
    }

    private static boolean isOpenAi(String baseUrl) {
        try {
            URI uri = new URI(baseUrl.strip());
            return "https".equalsIgnoreCase(uri.getScheme()) && OPENAI_HOST.equalsIgnoreCase(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Saves the key to a file only its owner can read (on POSIX systems; elsewhere the user profile's ACL applies). */
    public static void save(Path file, String key) throws ExplainerSetupException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (posix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, key.strip() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExplainerSetupException("Cannot save the API key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code sk-…abcd}: enough to tell keys apart, never enough to use one. */
    public static String mask(String key) {
        String k = key.strip();
        if (k.length() < 12) {
            return "…" + (k.isEmpty() ? "" : "(" + k.length() + " characters)");
        }
        String prefix = k.startsWith("sk-") ? "sk-" : k.substring(0, 2);
        return prefix + "…" + k.substring(k.length() - 4);
    }

    private static void requireOwnerOnly(Path file) throws ExplainerSetupException {
        if (!posix(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new ExplainerSetupException("The API key file " + file + " can be read by other users ("
                            + PosixFilePermissions.toString(perms) + "). Run: chmod 600 " + file);
                }
            }
        } catch (IOException e) {
            throw new ExplainerSetupException("Cannot check the permissions of the API key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
