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
    void environmentComesFirstThenTheFallbackThenTheOwnerOnlyFile() throws Exception {
        LlmSettings s = LlmSettings.defaults();
        assertEquals(Optional.of("k1"), ApiKeys.resolve(s, Map.of("KENSA_LLM_API_KEY", "k1", "OPENAI_API_KEY", "k2"), home));
        assertEquals(Optional.of("k2"), ApiKeys.resolve(s, Map.of("OPENAI_API_KEY", "k2"), home));
        assertEquals(Optional.empty(), ApiKeys.resolve(s, Map.of(), home));
        Path file = ApiKeys.defaultKeyFile(home);
        ApiKeys.save(file, "sk-from-file-0000");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.of("sk-from-file-0000"), ApiKeys.resolve(s, Map.of(), home));
        assertEquals(Optional.of("k3"), ApiKeys.resolve(s.withApiKeyEnv("MY_KEY"), Map.of("MY_KEY", "k3"), home));
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
