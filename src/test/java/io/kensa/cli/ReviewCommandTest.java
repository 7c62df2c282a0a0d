package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.KensaHome;
import io.kensa.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kensa review} on a real H2 decision log written through the store by the bench's generator. */
class ReviewCommandTest {
    private static final int INSPECTIONS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    @BeforeAll
    static void writeLog() throws Exception {
        KensaHome kh = new KensaHome(home);
        // 400 decisions at 200 a day from 2026-01-05 06:00 UTC: two days
        DecisionLogGenerator generator = new DecisionLogGenerator(7, Instant.parse("2026-01-05T06:00:00Z"), Duration.ofSeconds(432));
        try (Database db = Database.openFile(kh.database())) {
            generator.write(db, kh.images(), "station-7", INSPECTIONS, n -> { }, () -> false);
        }
    }

    private static JsonNode review(String... extra) throws Exception {
        String[] args = new String[extra.length + 3];
        args[0] = "review";
        args[1] = "--home";
        args[2] = home.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        CliRun run = CliRun.kensa(args);
        assertEquals(0, run.code(), run.err());
        return JSON.readTree(run.out());
    }

    private static long sum(JsonNode rows, String field) {
        return StreamSupport.stream(rows.spliterator(), false).mapToLong(r -> r.get(field).asLong()).sum();
    }

    @Test
    void jsonHasTheFiguresAndEveryBreakdownAddsUpToTheTotal() throws Exception {
        JsonNode r = review("--format", "json", "--words", "5");
        assertEquals(INSPECTIONS, r.get("decided").asLong());
        long overridden = r.get("overridden").asLong();
        assertTrue(overridden > 20 && overridden < 120, "the generator's machine is right 84-91% of the time: " + overridden);
        assertEquals((double) overridden / INSPECTIONS, r.get("override_rate").asDouble(), 1e-12);
        assertTrue(r.get("kappa").asDouble() > 0.6 && r.get("kappa").asDouble() < 1, r.get("kappa").toString());
        for (String breakdown : new String[] {"by_day", "by_shift", "by_operator", "by_class"}) {
            assertEquals(INSPECTIONS, sum(r.get(breakdown), "decided"), breakdown);
            assertEquals(overridden, sum(r.get(breakdown), "overridden"), breakdown);
        }
        assertEquals(5, r.get("by_operator").size());
        JsonNode day = r.get("by_day").get(0);
        assertTrue(day.get("override_rate_low_95").asDouble() <= day.get("override_rate").asDouble()
                && day.get("override_rate").asDouble() <= day.get("override_rate_high_95").asDouble(), day.toString());
        assertEquals(3, r.get("by_recipe_version").size(), "versions 1, 2 and 3");
        assertEquals(INSPECTIONS, sum(r.get("by_recipe_version"), "decided"));
        assertEquals(INSPECTIONS, sum(r.get("by_prompt_version"), "decided"));
        assertEquals(5, r.get("changes").size(), "three recipe versions and two prompt versions came into use");
        JsonNode scores = r.get("scores");
        long binned = 0;
        for (JsonNode bin : scores.get("accepted")) {
            binned += bin.asLong();
        }
        for (JsonNode bin : scores.get("overridden")) {
            binned += bin.asLong();
        }
        assertEquals(INSPECTIONS, binned);
        JsonNode contamination = r.get("words").get("contamination");
        assertTrue(StreamSupport.stream(contamination.spliterator(), false)
                .anyMatch(w -> w.get("word").asText().equals("lighting") && w.get("precision").asDouble() == 1.0),
                "the generator explains contamination, and only contamination, by the lighting: " + contamination);
    }

    @Test
    void aDayRangeAndARecipeNarrowTheFigures() throws Exception {
        JsonNode first = review("--from", "2026-01-05", "--to", "2026-01-05", "--shifts", "day=06:00,night=18:00");
        assertTrue(first.get("decided").asLong() > 0 && first.get("decided").asLong() < INSPECTIONS, first.get("decided").toString());
        assertEquals(1, first.get("by_day").size());
        assertTrue(StreamSupport.stream(first.get("by_shift").spliterator(), false)
                .allMatch(s -> s.get("key").asText().endsWith(" day") || s.get("key").asText().endsWith(" night")));
        assertEquals(0, review("--recipe", "cap").get("decided").asLong(), "no inspections of another recipe");
        assertEquals(INSPECTIONS, review("--recipe", DecisionLogGenerator.RECIPE).get("decided").asLong());
    }

    @Test
    void csvIsOneTableWithASectionColumn() {
        CliRun run = CliRun.kensa("review", "--home", home.toString(), "--format", "csv");
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().split("\r\n");
        assertEquals("section,key,decided,overridden,override_rate,override_rate_low_95,override_rate_high_95,accuracy,macro_f1,kappa",
                lines[0]);
        assertTrue(lines[1].startsWith("all,all," + INSPECTIONS + ","), lines[1]);
        assertEquals(5, java.util.Arrays.stream(lines).filter(l -> l.startsWith("operator,")).count());
        assertEquals(3, java.util.Arrays.stream(lines).filter(l -> l.startsWith("recipe_version,bottle v")).count());
    }

    @Test
    void anEmptyDataFolderIsAnEmptyAnswer(@TempDir Path empty) throws Exception {
        CliRun run = CliRun.kensa("review", "--home", empty.resolve("never-used").toString());
        assertEquals(0, run.code(), run.err());
        JsonNode r = JSON.readTree(run.out());
        assertEquals(0, r.get("decided").asLong());
        assertEquals(0, r.get("by_day").size());
        assertTrue(r.get("kappa").isNull());
        CliRun bad = CliRun.kensa("review", "--home", empty.toString(), "--format", "xml");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--format xml is not csv or json"), bad.err());
    }
}
