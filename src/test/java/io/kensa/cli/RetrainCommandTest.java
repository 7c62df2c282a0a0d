package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.KensaHome;
import io.kensa.inspect.DecisionLogs;
import io.kensa.recipe.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kensa classify retrain} on a real H2 decision log of the demo images. */
class RetrainCommandTest {
    @Test
    void printsBeforeAndAfterAndPublishesOnlyWithPublish(@TempDir Path dir) throws Exception {
        KensaHome home = new KensaHome(dir);
        DecisionLogs.fill(home, DecisionLogs.CLASSES, 5, 4);
        String[] common = {"classify", "retrain", "--home", dir.toString(), "--json", "--device", "cpu", "--no-flip",
                "--steps", "100"};
        CliRun r = CliRun.kensa(common);
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one JSON line: " + r.out());
        JsonNode o = new ObjectMapper().readTree(r.out());
        for (String key : List.of("decisions", "train", "heldout", "skipped_images", "before_accuracy", "after_accuracy",
                "before_macro_f1", "after_macro_f1", "candidate", "published")) {
            assertTrue(o.has(key), key + " missing in " + r.out());
        }
        assertEquals(20, o.get("decisions").asInt());
        assertEquals(20, o.get("train").asInt() + o.get("heldout").asInt());
        assertEquals(0, o.get("skipped_images").asInt());
        assertFalse(o.get("published").asBoolean());
        assertTrue(Files.isRegularFile(Path.of(o.get("candidate").asText())));
        assertTrue(r.err().contains("%]"), "progress on stderr: " + r.err());
        assertEquals(1, new Recipes(home).load(Recipes.DEMO).version());

        CliAccounts.create(dir.toString());
        String[] publish = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--publish", "--user", CliAccounts.QA)).toArray(String[]::new);
        CliRun p = CliAccounts.typing(CliAccounts.QA_PASSWORD, () -> CliRun.kensa(publish));
        assertEquals(0, p.code(), p.err());
        JsonNode q = new ObjectMapper().readTree(p.out());
        assertTrue(q.get("published").asBoolean());
        assertEquals(2, q.get("published_version").asInt());
        assertEquals(2, new Recipes(home).load(Recipes.DEMO).version());
    }

    @Test
    void aBadSinceIsOneClearLine(@TempDir Path dir) throws Exception {
        DecisionLogs.fill(new KensaHome(dir), List.of("good", "contamination"), 1, 0);
        CliRun r = CliRun.kensa("classify", "retrain", "--home", dir.toString(), "--since", "yesterday", "--device", "cpu");
        assertEquals(1, r.code());
        assertEquals("kensa: --since 'yesterday' is not an ISO-8601 instant; write it like 2026-12-01T00:00:00Z.",
                r.err().strip());
    }
}
