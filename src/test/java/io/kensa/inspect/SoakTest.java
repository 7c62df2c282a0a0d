package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.detect.Progress;
import io.kensa.llm.FaultyLlmServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-minute soak of the real pipeline under every fault: the books balance at the end. */
class SoakTest {
    @TempDir
    Path home;

    @Test
    void everyFlaggedFrameIsDecidedOrRecordedAsNotRecordedUnderFaults() throws Exception {
        Soak.Report r = Soak.run(new Soak.Options(Duration.ofMinutes(1), home, 5, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 32), Progress.NONE, () -> false);

        assertTrue(r.accounted(), r.toString());
        assertTrue(r.flagged() > 0 && r.nonFinite() > 0, r.toString());
        assertEquals(r.flagged(), r.inDb().recorded() + r.inDb().notRecorded(), "counted from the database");
        assertTrue(r.stalls() >= 1, "the database stalled: " + r);
        long requests = r.llmFaults().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(requests >= FaultyLlmServer.Fault.values().length, "every LLM fault was served: " + r.llmFaults());
        if (!r.disk().startsWith("not simulated")) {
            assertTrue(r.diskFullPhases() >= 1, "the image disk was full once: " + r);
        }
    }
}
