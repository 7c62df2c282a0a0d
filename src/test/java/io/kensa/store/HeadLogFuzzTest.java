package io.kensa.store;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit head log and the {@code SEQ:HASH} checkpoints, read from whatever bytes a damaged or edited file holds. */
class HeadLogFuzzTest {
    private static final String HASH = "ab".repeat(32);
    private static Path folder;

    @BeforeAll
    static void folder() throws IOException {
        folder = Files.createTempDirectory("kensa-headlog-fuzz");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(folder.resolve("head.log"));
        Files.deleteIfExists(folder);
    }

    @FuzzTest
    void readsAnyFileAsEventLinesOrAMalformedLine(byte[] content) throws IOException {
        Path log = folder.resolve("head.log");
        Files.write(log, content);
        onlyTypedFailures(() -> {
            HeadLog.Lines lines = HeadLog.read(log, "0123456789abcdef");
            lines.events().keySet().forEach(seq -> assertTrue(seq >= 0, "event number " + seq));
            HeadLog.newest(log, "0123456789abcdef");
        }, IOException.class);
    }

    @FuzzTest
    void readsAnyCheckpointTextOrSaysHowToWriteIt(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        onlyTypedFailures(() -> {
            AuditCheckpoint c = AuditCheckpoint.parse(text);
            assertEquals(c, AuditCheckpoint.parse(c.toString()), "printed checkpoints read back the same");
        }, IllegalArgumentException.class);
    }

    /** Found by reading the parser: 20 digits match the line pattern but overflow a long. */
    @Test
    void aSequenceNumberTooBigForALongIsAMalformedLineNotACrash() throws IOException {
        Path log = folder.resolve("head.log");
        Files.writeString(log, "1 " + HASH + " 2026-01-01T00:00:00Z db=x\n99999999999999999999 " + HASH + " t db=x\n");

        HeadLog.Lines lines = HeadLog.read(log, "x");
        assertEquals(1, lines.events().size());
        assertTrue(lines.malformed().orElseThrow().startsWith("line 2: '99999999999999999999"), lines.malformed().toString());
        assertEquals(Optional.of(1L), HeadLog.newest(log, "x").newest().map(e -> e.event().seq()));
    }

    @Test
    void aCheckpointNumberTooBigForALongIsRefusedWithTheForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditCheckpoint.parse("99999999999999999999:" + HASH));
        assertTrue(e.getMessage().contains("SEQ:HASH"), e.getMessage());
    }
}
