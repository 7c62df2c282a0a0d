package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.Settings;
import io.kensa.llm.ApiKeys;
import io.kensa.store.Database;
import io.kensa.store.StoreHealth;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kensa doctor} on real data folders: an H2 database created by the store, a folder without one, an LLM
 * endpoint nobody listens on. The environment is empty (the machine's KENSA_LLM_* variables must not leak in).
 * A data folder without a database is a WARN, not a FAIL: a new station has none until its first start.
 */
class DoctorCommandTest {
    private static final String KEY = "sk-doctor-test-4f1c9e27b3a8d605";

    @TempDir
    Path home;

    private CliRun doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return CliRun.run(new DoctorCommand(Map.of()), all.toArray(String[]::new));
    }

    private static boolean hasLine(String out, String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE).matcher(out).find();
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private void createDatabase() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertTrue(db.isH2());
        }
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> files = Files.walk(home)) {
            return files.map(p -> home.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void reportsTheDatabaseSchemaVersionWithoutChangingTheDatabase() throws Exception {
        createDatabase();
        Path file = home.resolve("db/kensa.mv.db");
        byte[] before = Files.readAllBytes(file);
        List<String> filesBefore = listing();

        CliRun run = doctor("--skip-model", "--skip-cameras");

        assertEquals(0, run.code(), run.out() + run.err());
        int shipped = StoreHealth.newestShipped();
        assertTrue(shipped >= 5, "this build ships V001…V005 at least");
        assertTrue(hasLine(run.out(), "^OK\\s+database\\s+jdbc:h2:file:.*schema version " + shipped + " \\(this build: "
                + shipped + "\\)$"), run.out());
        assertTrue(hasLine(run.out(), "^OK\\s+java\\s+Java 1[7-9]|^OK\\s+java\\s+Java [2-9][0-9]"), run.out());
        assertTrue(hasLine(run.out(), "^WARN\\s+device\\s+requested auto; backbone not loaded"), run.out());
        assertTrue(hasLine(run.out(), "^OK\\s+llm\\s+no endpoint configured"), run.out());
        assertArrayEquals(before, Files.readAllBytes(file), "doctor must not write to the database file");
        assertEquals(filesBefore, listing(), "doctor must not create files in the data folder");
    }

    @Test
    void anOlderSchemaIsReportedWithTheFixAndNotUpgraded() throws Exception {
        createDatabase();
        int shipped = StoreHealth.newestShipped();
        // what a database of the previous build looks like to this one: its newest migration not applied
        String url = Database.h2Url(home.resolve("db"));
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE FROM schema_migrations WHERE version = " + shipped));
            st.execute("SHUTDOWN");
        }

        CliRun run = doctor("--skip-model", "--skip-cameras");

        assertEquals(0, run.code(), "a WARN is not a failure: " + run.out());
        assertTrue(hasLine(run.out(), "^WARN\\s+database\\s+.*schema version " + (shipped - 1) + " \\(this build: "
                + shipped + "\\): older than this build$"), run.out());
        assertTrue(hasLine(run.out(), "^\\s+→ Start the workstation once to upgrade it"), run.out());
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
            assertTrue(rs.next());
            assertEquals(shipped - 1, rs.getInt(1), "doctor must not migrate the database");
            st.execute("SHUTDOWN");
        }
    }

    /**
     * A running workstation (another process) holds the H2 file: doctor WARNs instead of failing, and the holder's
     * session is not disturbed (it still answers after doctor ran).
     */
    @Test
    void aDatabaseHeldByAnotherProcessIsAWarningNotAFailure() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(), home.resolve("db").toString())
                .redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8)); var in = holder.getOutputStream()) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("open"));
            assertEquals("open", line, "the holder process did not open the database");

            CliRun run = doctor("--skip-model", "--skip-cameras");

            assertEquals(0, run.code(), run.out());
            assertTrue(hasLine(run.out(), "^WARN\\s+database\\s+The database jdbc:h2:file:.* is in use by another Kensa "
                    + "process"), run.out());
            assertTrue(hasLine(run.out(), "^\\s+→ Nothing to do while the workstation runs"), run.out());
            in.write('\n');
            in.flush();
            assertEquals("version " + StoreHealth.newestShipped(), out.readLine(), "the holder's database still works");
        } finally {
            holder.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroy();
        }
    }

    /** Holds the database open as a workstation does; on a line from stdin reads its schema version and exits. */
    static final class HoldDatabase {
        public static void main(String[] args) throws Exception {
            try (Database db = Database.openFile(Path.of(args[0]))) {
                System.out.println("open");
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
                try (Connection c = db.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
                    rs.next();
                    System.out.println("version " + rs.getInt(1));
                }
            }
        }
    }

    @Test
    void aDataFolderWithoutADatabaseWarnsWithWhatToDoAndCreatesNone() {
        CliRun run = doctor("--skip-model", "--skip-cameras");

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(hasLine(run.out(), "^WARN\\s+database\\s+no database at .*kensa\\.mv\\.db \\(none was created\\)$"), run.out());
        assertTrue(hasLine(run.out(), "^\\s+→ A new station: nothing to do.*KENSA_HOME"), run.out());
        assertFalse(Files.exists(home.resolve("db")), "doctor must not create the database folder");
    }

    @Test
    void anUnreachableLlmEndpointFailsWithAFixAndNeverPrintsTheKey() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Settings.empty().with(Settings.LLM_BASE_URL, "http://127.0.0.1:" + port + "/v1")
                .with(Settings.LLM_MODEL, "qwen2.5vl:7b").save(home.resolve("settings.properties"));
        ApiKeys.save(ApiKeys.defaultKeyFile(home), KEY);

        CliRun text = doctor("--skip-model", "--skip-cameras");
        CliRun json = doctor("--skip-model", "--skip-cameras", "--json");

        assertEquals(1, text.code(), text.out());
        assertTrue(hasLine(text.out(), "^FAIL\\s+llm\\s+GET http://127\\.0\\.0\\.1:" + port + "/v1/models failed: .*\\(key set\\)$"),
                text.out());
        assertTrue(hasLine(text.out(), "^\\s+→ Start the LLM server or fix llm.baseUrl"), text.out());
        assertEquals(1, json.code(), json.out());
        JsonNode llm = check(new ObjectMapper().readTree(json.out()), "llm");
        assertEquals("FAIL", llm.get("status").asText());
        assertFalse(llm.get("fix").asText().isEmpty());
        for (CliRun run : List.of(text, json)) {
            assertFalse(run.out().contains(KEY), run.out());
            assertFalse(run.err().contains(KEY), run.err());
            assertFalse(run.out().contains(KEY.substring(3, 15)), "not even part of the key: " + run.out());
        }
    }

    @Test
    void aKeyInTheEndpointUrlIsRedacted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Settings.empty().with(Settings.LLM_BASE_URL, "http://kensa:" + KEY + "@127.0.0.1:" + port + "/v1")
                .save(home.resolve("settings.properties"));

        CliRun run = doctor("--skip-model", "--skip-cameras");

        assertEquals(1, run.code(), run.out());
        assertTrue(hasLine(run.out(), "^FAIL\\s+llm\\s+.*REDACTED@127\\.0\\.0\\.1:" + port), run.out());
        assertFalse(run.out().contains(KEY), run.out());
        assertFalse(run.err().contains(KEY), run.err());
    }

    @Test
    void jsonHasOkAndOneObjectPerCheck() throws Exception {
        createDatabase();

        CliRun run = doctor("--skip-model", "--skip-cameras", "--json");

        assertEquals(0, run.code(), run.out());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(Set.of("ok", "checks"), Set.copyOf(iterable(report.fieldNames())));
        assertTrue(report.get("ok").isBoolean());
        assertTrue(report.get("ok").asBoolean());
        List<String> names = new ArrayList<>();
        for (JsonNode c : report.get("checks")) {
            assertEquals(Set.of("name", "status", "detail", "fix"), Set.copyOf(iterable(c.fieldNames())), c.toString());
            assertTrue(Set.of("OK", "WARN", "FAIL").contains(c.get("status").asText()), c.toString());
            assertFalse(c.get("detail").asText().isBlank(), c.toString());
            assertEquals(c.get("status").asText().equals("OK"), c.get("fix").asText().isEmpty(), c.toString());
            names.add(c.get("name").asText());
        }
        assertTrue(names.containsAll(List.of("java", "javafx", "engine", "libtorch", "device", "cameras", "database",
                "llm", "disk")), names.toString());
        assertEquals("OK", check(report, "database").get("status").asText());
        assertEquals("WARN", check(report, "cameras").get("status").asText());
    }

    /** Loads the shipped backbone (a few seconds on CPU): this machine has no GPU, so auto must end on the CPU. */
    @Test
    void theModelCheckNamesTheDeviceActuallyUsed() throws Exception {
        long start = System.nanoTime();
        CliRun run = doctor("--skip-cameras", "--json");
        double seconds = (System.nanoTime() - start) / 1e9;

        JsonNode device = check(new ObjectMapper().readTree(run.out()), "device");
        assertEquals("OK", device.get("status").asText(), device.toString());
        assertEquals("requested auto; detector cpu, classifier cpu, Grad-CAM cpu", device.get("detail").asText());
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    @Test
    void isRegisteredUnderKensa() {
        CliRun run = CliRun.kensa("doctor", "--help");

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("--skip-model") && run.out().contains("--json"), run.out());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
