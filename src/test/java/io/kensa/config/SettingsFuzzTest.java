package io.kensa.config;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** settings.properties as a damaged disk, an editor or another program may leave it. */
class SettingsFuzzTest {
    private static Path file;

    @BeforeAll
    static void file() throws IOException {
        file = Files.createTempFile("kensa-settings-fuzz", ".properties");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void loadsAnyFileOrRefusesItWithTheFix(byte[] content) throws IOException {
        Files.write(file, content);
        onlyTypedFailures(() -> Settings.load(file).get(Settings.SOURCE), UncheckedIOException.class);
    }
}
