package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path home;

    @Test
    void masksKeys() {
        assertEquals("sk-…abcd", ApiKeys.mask("sk-proj-0123456789abcd"));
        assertEquals("az…7890", ApiKeys.mask("az0123456789abc7890"));
        assertEquals("…(5 characters)", ApiKeys.mask("short"));
    }

    @Test
    void environmentComesFirstThenTheOwnerOnlyFile() throws Exception {
        LlmSettings s = LlmSettings.defaults().withEndpoint("http://192.168.1.20:8000/v1", "m");
        assertEquals(Optional.of("k1"), ApiKeys.resolve(s, Map.of("KENSA_LLM_API_KEY", "k1", "OPENAI_API_KEY", "k2"), home));
        assertEquals(Optional.empty(), ApiKeys.resolve(s, Map.of("OPENAI_API_KEY", "k2"), home),
                "OpenAI's variable is not a key for a server on the LAN");
        assertEquals(Optional.empty(), ApiKeys.resolve(s, Map.of(), home));
        Path file = ApiKeys.defaultKeyFile(home);
        ApiKeys.save(file, "sk-from-file-0000");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.of("sk-from-file-0000"), ApiKeys.resolve(s, Map.of(), home));
        assertEquals(Optional.of("k3"), ApiKeys.resolve(s.withApiKeyEnv("MY_KEY"), Map.of("MY_KEY", "k3"), home));
    }

    @Test
    void openAiVariableIsReadOnlyForOpenAisOwnApi() throws Exception {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "k2");
        LlmSettings openai = LlmSettings.defaults().withEndpoint("https://API.openai.com/v1", "gpt-4o-mini");
        assertEquals(Optional.of("k2"), ApiKeys.resolve(openai, env, home));
        assertEquals(Optional.of("k1"), ApiKeys.resolve(openai, Map.of("KENSA_LLM_API_KEY", "k1", "OPENAI_API_KEY", "k2"), home));
        for (String other : new String[] {"http://api.openai.com/v1", "https://api.openai.com.evil.example/v1",
                "https://proxy.example/api.openai.com/v1", "http://localhost:11434/v1"}) {
            assertEquals(Optional.empty(), ApiKeys.resolve(openai.withEndpoint(other, "m"), env, home), other);
        }
        assertEquals(Optional.of("k2"), ApiKeys.resolve(LlmSettings.defaults().withEndpoint("http://localhost:8000/v1", "m")
                .withApiKeyEnv("OPENAI_API_KEY"), env, home), "a variable the settings name is read for any host");
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path file = ApiKeys.defaultKeyFile(home);
        ApiKeys.save(file, "sk-from-file-0000");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ExplainerSetupException e = assertThrows(ExplainerSetupException.class,
                () -> ApiKeys.resolve(LlmSettings.defaults(), Map.of(), home));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }
}
