package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.auth.AccountRules;
import io.kensa.config.KensaHome;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.config.SettingsForm.Field;
import io.kensa.llm.ApiKeys;
import io.kensa.llm.FakeChatServer;
import io.kensa.recipe.Recipes;
import io.kensa.ui.SettingsProbes.Kind;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings screen's behaviour without a toolkit, on a fresh data folder: what Save writes where (the key only to
 * its owner-only file, never to the settings; the writing off the FX thread), inline validation, and the connection
 * tests against a real chat server on 127.0.0.1, a closed port and an unreachable database.
 */
class SettingsViewModelTest {
    private static final String KEY = "sk-test-settings-0123456789-wxyz";
    private static final String ANSWER = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.8,"
            + "\"rationale\":\"The test image shows a flagged square. It stands in for a broken rim.\","
            + "\"evidence\":\"centre\"}";

    /** Stands in for the FX thread: tasks queue up and run on the test's thread when pumped. */
    static final class Queue implements Executor {
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        /** Runs what is queued (waiting for more) until the condition holds; fails after the timeout. */
        void runUntil(BooleanSupplier condition, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!condition.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("condition not met within " + seconds + " s");
                }
                Runnable r = tasks.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (r != null) {
                    r.run();
                }
            }
        }

        /** Runs the oldest task queued; fails when none is. */
        void runOne() {
            Runnable r = tasks.poll();
            if (r == null) {
                throw new AssertionError("nothing is queued");
            }
            r.run();
        }

        /** Runs everything queued now. */
        void drain() {
            for (Runnable r; (r = tasks.poll()) != null; ) {
                r.run();
            }
        }

        int size() {
            return tasks.size();
        }
    }

    private KensaHome home;
    private final List<Settings> saved = new ArrayList<>();
    /** who is signed in: a QA engineer may change the settings */
    private Operator operator = new Operator("q.qa", "Quinn QA", Role.QA_ENGINEER);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> new Thread(r, "test-background"));

    @BeforeEach
    void createHome() throws Exception {
        home = new KensaHome(Files.createTempDirectory("kensa-settings-vm"));
    }

    @AfterEach
    void deleteHome() throws Exception {
        threads.shutdownNow();
        try (Stream<Path> files = Files.walk(home.root())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** An empty environment: the host's own keys or passwords must not leak into the test. */
    private SettingsViewModel vm(Executor background, Executor fx) {
        return new SettingsViewModel(home, Settings.empty().with(Settings.SOURCE, "usb:0"), () -> operator, saved::add, Map.of(),
                SettingsView::keymapProblem, new Recipes(home).names(), background, fx);
    }

    private SettingsViewModel direct() {
        return vm(Runnable::run, Runnable::run);
    }

    @Test
    void savesEndpointToSettingsAndKeyOnlyToOwnerOnlyFileShownMasked() throws Exception {
        SettingsViewModel vm = direct();
        vm.preset().set(SettingsForm.EndpointPreset.OLLAMA);
        assertTrue(vm.useEndpoint().get(), "choosing a preset selects the endpoint");
        assertEquals(SettingsForm.EndpointPreset.OLLAMA.note, vm.presetNote().get());
        vm.baseUrl().set("http://127.0.0.1:11434/v1");
        vm.model().set("qwen2.5vl:7b");
        vm.apiKey().set(KEY);
        vm.callsPerHour().set("30");
        assertTrue(vm.canSave().get());
        vm.save();

        Path file = home.settingsFile();
        String text = Files.readString(file);
        Settings written = Settings.load(file);
        assertEquals("http://127.0.0.1:11434/v1", written.get(Settings.LLM_BASE_URL).orElseThrow());
        assertEquals("qwen2.5vl:7b", written.get(Settings.LLM_MODEL).orElseThrow());
        assertEquals("30", written.get(SettingsForm.LLM_CALLS_PER_HOUR).orElseThrow());
        assertEquals("usb:0", written.get(Settings.SOURCE).orElseThrow(), "keys the view does not edit are kept");
        assertFalse(text.contains(KEY) || text.contains("0123456789"), "the key is not in settings.properties:\n" + text);

        Path keyFile = ApiKeys.defaultKeyFile(home.root());
        assertEquals(KEY, Files.readString(keyFile).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        assertEquals(List.of(written), saved, "onSaved receives what was written");
        assertEquals(written, vm.settings());
        assertTrue(vm.saveResult().get().message().startsWith("Saved"), vm.saveResult().get().message());
        assertTrue(vm.keyStatus().get().message().contains(ApiKeys.mask(KEY)), vm.keyStatus().get().message());
        assertEquals("", vm.apiKey().get(), "the typed key is cleared once saved");
        for (String shown : List.of(vm.keyStatus().get().message(), vm.saveResult().get().message())) {
            assertFalse(shown.contains(KEY) || shown.contains("0123456789"), "the key is shown only masked: " + shown);
        }
    }

    @Test
    void anInspectorCannotSaveTheSettingsNorShortenTheIdleLock() throws Exception {
        operator = new Operator("a.sato", "Aiko Sato", Role.INSPECTOR);
        SettingsViewModel vm = direct();
        vm.idleLockMinutes().set("0");
        vm.save();
        assertEquals("Not saved: Aiko Sato (a.sato, inspector) may not change the station's settings: only"
                + " qa_engineer or supervisor may. Ask one to sign in.", vm.saveResult().get().message());
        assertFalse(Files.exists(home.settingsFile()));
        assertEquals(List.of(), saved);
    }

    @Test
    void theIdleLockMinutesAreCheckedAndSaved() throws Exception {
        SettingsViewModel vm = direct();
        vm.idleLockMinutes().set("two");
        assertFalse(vm.canSave().get());
        assertEquals("The idle lock 'two' is not a whole number (minutes, 0 = never, at most 1440).",
                vm.problem(SettingsForm.Field.IDLE_LOCK).get());
        vm.idleLockMinutes().set("3");
        vm.save();
        assertEquals(Duration.ofMinutes(3), AccountRules.from(Settings.load(home.settingsFile())).idleLock());
    }

    @Test
    void savingWritesOffTheFxThreadAndPublishesOnIt() throws Exception {
        Queue background = new Queue();
        Queue fx = new Queue();
        SettingsViewModel vm = vm(background, fx);
        background.drain();
        fx.drain();
        vm.apiKey().set(KEY);
        vm.save();
        assertTrue(vm.saving().get());
        assertFalse(Files.exists(home.settingsFile()), "save() itself writes nothing on the calling (FX) thread");
        assertFalse(Files.exists(ApiKeys.defaultKeyFile(home.root())));

        List<String> writers = new ArrayList<>();
        Thread worker = new Thread(() -> {
            background.drain();
            if (Files.exists(home.settingsFile()) && Files.exists(ApiKeys.defaultKeyFile(home.root()))) {
                writers.add(Thread.currentThread().getName());
            }
        }, "kensa-settings-test-worker");
        worker.start();
        worker.join(30_000);
        assertEquals(List.of("kensa-settings-test-worker"), writers, "the key and the settings are written there");
        assertEquals(List.of(), saved, "nothing is published before the FX executor runs");
        assertEquals(1, fx.size());
        fx.drain();
        assertEquals(1, saved.size());
        assertFalse(vm.saving().get());
        assertEquals("Saved. The changes take effect now.", vm.saveResult().get().message());
        assertEquals(Kind.OK, vm.saveResult().get().kind());
    }

    @Test
    void changingTheRecipeSaysARestartIsNeeded() {
        SettingsViewModel vm = direct();
        vm.station().set("line 4");
        vm.save();
        assertEquals(Kind.WARNING, vm.saveResult().get().kind());
        assertEquals("Saved. Restart the workstation to apply the station name; the other changes take effect now.",
                vm.saveResult().get().message());
        vm.station().set("other");
        vm.revert();
        assertEquals("line 4", vm.station().get(), "revert goes back to what was saved");
        assertEquals("", vm.saveResult().get().message());
    }

    @Test
    void invalidKeymapIsExplainedInlineAndBlocksSave() {
        SettingsViewModel vm = direct();
        vm.keymap().set("accept=ENTER; undo=ENTER");
        assertFalse(vm.canSave().get(), "save is blocked");
        assertTrue(vm.problem(Field.KEYMAP).get().contains("key ENTER is bound to both ACCEPT and UNDO"),
                vm.problem(Field.KEYMAP).get());

        vm.keymap().set("accept=ENTR");
        assertTrue(vm.problem(Field.KEYMAP).get().contains("'ENTR' is not a key name"));
        vm.save();
        assertFalse(Files.exists(home.settingsFile()), "nothing written");
        assertEquals(List.of(), saved);
        assertEquals("Not saved: fix the 1 marked field.", vm.saveResult().get().message());
        assertEquals(Kind.FAILED, vm.saveResult().get().kind());

        vm.keymapDefaults();
        assertTrue(vm.canSave().get(), "the defaults are valid");
        assertEquals("", vm.problem(Field.KEYMAP).get());
    }

    @Test
    void endpointWithoutModelOrWithBadUrlIsMarked() {
        SettingsViewModel vm = direct();
        vm.useEndpoint().set(true);
        vm.baseUrl().set("localhost:11434/v1");
        assertTrue(vm.problem(Field.BASE_URL).get().contains("must start with http:// or https://"));
        assertTrue(vm.problem(Field.MODEL).get().contains("Enter the model name"));
        assertFalse(vm.canSave().get());
        vm.useEndpoint().set(false);
        assertTrue(vm.canSave().get(), "the offline explainer needs no URL");
    }

    @Test
    void databaseTestAgainstUnreachableServerShowsTheStoreMessage() throws Exception {
        Queue fx = new Queue();
        SettingsViewModel vm = vm(threads, fx);
        int port = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/kensa";
        assertFalse(vm.useJdbc().get(), "the embedded database is in use by the workstation (its test is disabled)");
        vm.useJdbc().set(true);
        vm.jdbcUrl().set(url);
        vm.databaseUser().set("kensa");
        assertTrue(vm.passwordNote().get().contains("KENSA_DB_PASSWORD"));
        vm.testDatabase();
        assertTrue(vm.databaseTest().running().get());
        assertEquals("Opening " + url + "…", vm.databaseTest().result().get().message());
        fx.runUntil(() -> !vm.databaseTest().running().get(), 60);
        assertEquals("Cannot open the database " + url + ": the server does not answer. Check that it is running and "
                + "reachable, and the JDBC URL in the settings.", vm.databaseTest().result().get().message());
        assertEquals(Kind.FAILED, vm.databaseTest().result().get().kind());
    }

    @Test
    void endpointTestSendsOneRealRequestAndReportsSuccess() throws Exception {
        Queue fx = new Queue();
        SettingsViewModel vm = vm(threads, fx);
        try (FakeChatServer server = new FakeChatServer().then(FakeChatServer.Reply.stream(ANSWER))) {
            vm.useEndpoint().set(true);
            vm.baseUrl().set(server.baseUrl());
            vm.model().set("test-vision");
            vm.apiKey().set(KEY);
            vm.testEndpoint();
            fx.runUntil(() -> !vm.endpointTest().running().get(), 60);
            String result = vm.endpointTest().result().get().message();
            assertTrue(result.startsWith("OK — test-vision at " + server.baseUrl()), result);
            assertEquals(Kind.OK, vm.endpointTest().result().get().kind());
            assertFalse(result.contains(KEY), "the result shows the key masked at most");
            assertEquals(1, server.received().size(), "exactly one request");
            FakeChatServer.Received r = server.received().get(0);
            assertEquals("/v1/chat/completions", r.path());
            assertEquals(List.of("Bearer " + KEY), r.headers().get("Authorization"), "the typed key is used for the test");
            assertFalse(Files.exists(ApiKeys.defaultKeyFile(home.root())), "testing does not save the key");
            assertFalse(Files.exists(home.settingsFile()), "testing does not save the settings");
        }
    }

    @Test
    void endpointTestNamesARefusedKeyAndASlowServerInWords() throws Exception {
        Queue fx = new Queue();
        SettingsViewModel vm = vm(threads, fx);
        String refused = "{\"error\":{\"message\":\"bad key\",\"type\":\"test\",\"code\":\"401\"}}";
        try (FakeChatServer server = new FakeChatServer().then(
                new FakeChatServer.Reply(401, Map.of(), refused, List.of(), 0, 0),
                new FakeChatServer.Reply(200, Map.of(), "", List.of(), 4000, 0))) {
            vm.useEndpoint().set(true);
            vm.baseUrl().set(server.baseUrl());
            vm.model().set("test-vision");
            vm.apiKey().set(KEY);
            vm.timeout().set("1");
            vm.testEndpoint();
            fx.runUntil(() -> !vm.endpointTest().running().get(), 60);
            String result = vm.endpointTest().result().get().message();
            assertTrue(result.startsWith("Unauthorized — "), result);
            assertTrue(result.contains(ApiKeys.mask(KEY)), result);
            assertFalse(result.contains(KEY));

            vm.testEndpoint();
            fx.runUntil(() -> !vm.endpointTest().running().get(), 60);
            assertTrue(vm.endpointTest().result().get().message().startsWith("Timeout — "),
                    vm.endpointTest().result().get().message());
        }
    }

    @Test
    void aRunningEndpointTestCanBeCancelled() throws Exception {
        Queue fx = new Queue();
        SettingsViewModel vm = vm(threads, fx);
        try (FakeChatServer server = new FakeChatServer().then(new FakeChatServer.Reply(200, Map.of(), "", List.of(), 20_000, 0))) {
            vm.useEndpoint().set(true);
            vm.baseUrl().set(server.baseUrl());
            vm.model().set("test-vision");
            vm.testEndpoint();
            assertTrue(vm.endpointTest().running().get(), "the button turns into Cancel");
            fx.runUntil(() -> server.received().size() == 1, 30);
            vm.testEndpoint();
            assertEquals("Test cancelled.", vm.endpointTest().result().get().message());
            assertFalse(vm.endpointTest().running().get(), "the button reads Test connection again");
        }
    }

    @Test
    void endpointTestAgainstClosedPortReportsUnreachable() throws Exception {
        Queue fx = new Queue();
        SettingsViewModel vm = vm(threads, fx);
        int port = closedPort();
        vm.useEndpoint().set(true);
        vm.baseUrl().set("http://127.0.0.1:" + port + "/v1");
        vm.model().set("test-vision");
        vm.testEndpoint();
        fx.runUntil(() -> !vm.endpointTest().running().get(), 60);
        assertTrue(vm.endpointTest().result().get().message().startsWith("Unreachable — "),
                vm.endpointTest().result().get().message());
        assertEquals(Kind.FAILED, vm.endpointTest().result().get().kind());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
