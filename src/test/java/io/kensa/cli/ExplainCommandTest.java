package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.llm.FakeChatServer;
import org.junit.jupiter.api.Test;

/** {@code kensa explain} on a real demo image with its ground-truth mask. */
class ExplainCommandTest {
    private static String demo(String relative) {
        return ShippedResources.demoBottle().resolve(relative).toString();
    }

    @Test
    void explainsOfflineByDefault() {
        CliRun r = CliRun.kensa("explain", demo("test/contamination/000.png"), "--recipe", "bottle", "--offline",
                "--mask", demo("ground_truth/contamination/000_mask.png"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Status:      OFFLINE"), r.out());
        assertTrue(r.out().contains("Class:       contamination"), r.out());
        assertTrue(r.out().contains("not an LLM"), r.out());
    }

    @Test
    void explainsThroughAnEndpointAndStreamsTheRationaleToStderr() throws Exception {
        String answer = "{\"class\":\"broken_small\",\"severity\":\"defect\",\"confidence\":0.7,"
                + "\"rationale\":\"A small chip on the left rim. The outline of the mouth is otherwise intact.\",\"evidence\":\"left rim\"}";
        try (FakeChatServer server = new FakeChatServer().then(FakeChatServer.Reply.stream(answer))) {
            CliRun r = CliRun.kensa("explain", demo("test/broken_small/000.png"), "--recipe", ShippedResources.resolve("recipes/bottle").toString(),
                    "--mask", demo("ground_truth/broken_small/000_mask.png"), "--endpoint", server.baseUrl(),
                    "--model", "test-vision", "--api-key-env", "KENSA_TEST_NO_SUCH_VARIABLE");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("Status:      ANSWERED"), r.out());
            assertTrue(r.out().contains("Class:       broken_small"), r.out());
            assertTrue(r.err().contains("A small chip on the left rim."), r.err());
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void withoutMaskTheRecipesDetectorFindsTheRegion() {
        CliRun r = CliRun.kensa("explain", demo("test/broken_large/000.png"), "--recipe", "bottle", "--offline");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Status:      OFFLINE"), r.out());
        assertTrue(r.out().matches("(?s).*Detector:    score \\S+, threshold \\S+, [1-9]\\d* region.*"), r.out());
    }
}
