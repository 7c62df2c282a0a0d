package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.MaskDetections;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Operator;
import io.kensa.model.PermissionDeniedException;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.FrameCounts;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.StoreException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desk with a real H2 store, the offline explainer and real defect images with their ground-truth masks. */
class CaseDeskTest {
    private static final Operator ANN = new Operator("a1", "Ann", Role.INSPECTOR);

    @TempDir
    Path dir;
    private Database database;
    private InspectionStore store;
    private Explainer explainer;
    private LoadedProfile profile;
    private final AtomicReference<DeskSnapshot> last = new AtomicReference<>();
    private long sequence;

    @BeforeEach
    void open() throws Exception {
        database = Database.openFile(dir.resolve("db"));
        store = InspectionStore.open(database, dir.resolve("images"), "station-1");
        explainer = Explainers.create(LlmSettings.defaults(), dir);
        profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
    }

    @AfterEach
    void close() {
        explainer.close();
        store.close();
        database.close();
    }

    private CaseDesk desk(int capacity) {
        return new CaseDesk(store, () -> explainer, () -> profile, "bottle", 1, capacity, last::set);
    }

    @Test
    void casesQueueAreExplainedAndDecidedInOrderAndEveryDecisionIsStored() throws Exception {
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "000"));
            desk.offer(defect("contamination", "000"));
            DeskSnapshot s = await(x -> x.current().flatMap(Case::explanation).isPresent() && x.waiting() == 1);
            Case first = s.current().get();
            assertEquals(1, first.number());
            assertEquals(ExplanationStatus.OFFLINE, first.explanation().get().status());
            assertTrue(first.inspection().isPresent(), "stored when opened, before any decision");

            Decision accepted = desk.accept(first.number(), ANN).get(10, TimeUnit.SECONDS);
            assertEquals(Action.ACCEPT, accepted.action());
            assertEquals(first.machineClass().get(), accepted.finalClass());
            assertTrue(accepted.shownExplanation().isPresent(), "the decision names the explanation on screen");
            s = await(x -> x.current().map(c -> c.number() == 2).orElse(false));
            assertEquals(0, s.waiting());
            assertEquals(1, s.decided());

            ExecutionException stale = assertThrows(ExecutionException.class,
                    () -> desk.accept(first.number(), ANN).get(10, TimeUnit.SECONDS));
            assertTrue(stale.getCause().getMessage().contains("The case changed"), "a second Enter never decides the next case unseen");
            Decision overridden = desk.override(2, ANN, "broken_small", Severity.MINOR, "chip, tolerable").get(10, TimeUnit.SECONDS);
            assertEquals("broken_small", overridden.finalClass());
            assertEquals("chip, tolerable", overridden.comment());
            await(x -> x.current().isEmpty());
            assertEquals(2, decisionLog(store).size());
            assertTrue(store.auditTrail().verify().ok());
        }
    }

    @Test
    void onlyAnInspectorDecidesAndARefusedDecisionLeavesTheCaseOpen() throws Exception {
        Operator supervisor = new Operator("s1", "Sora", Role.SUPERVISOR);
        Operator qa = new Operator("q1", "Quinn", Role.QA_ENGINEER);
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "000"));
            Case shown = await(x -> x.current().flatMap(Case::explanation).isPresent()).current().get();
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> desk.accept(shown.number(), supervisor).get(10, TimeUnit.SECONDS));
            assertInstanceOf(PermissionDeniedException.class, refused.getCause());
            assertEquals("Sora (s1, supervisor) may not decide cases: only inspector may. Ask one to sign in.",
                    refused.getCause().getMessage());
            assertThrows(ExecutionException.class, () -> desk.override(shown.number(), qa, "normal", Severity.NORMAL, "")
                    .get(10, TimeUnit.SECONDS));
            assertTrue(decisionLog(store).isEmpty());
            desk.accept(shown.number(), ANN).get(10, TimeUnit.SECONDS);
            ExecutionException undo = assertThrows(ExecutionException.class, () -> desk.undo(qa).get(10, TimeUnit.SECONDS));
            assertInstanceOf(PermissionDeniedException.class, undo.getCause());
            assertEquals(1, decisionLog(store).size());
        }
    }

    @Test
    void aFullQueueStillStoresEveryFlaggedFrameAndCountsWhatWasNotQueued() throws Exception {
        try (CaseDesk desk = desk(1)) {
            String[] names = {"000", "001", "002", "003"};
            for (int i = 0; i < names.length; i++) {
                desk.offer(defect("broken_small", names[i]));
                int offered = i + 1;
                // one part at a time, as a triggered camera delivers them (a burst faster than the disk is counted
                // as "not recorded" instead of piling up in memory)
                await(x -> (x.current().isPresent() ? 1 : 0) + x.waiting() + x.notQueued() == offered);
            }
            DeskSnapshot s = await(x -> x.notQueued() == 2);
            assertEquals(1, s.waiting());
            assertEquals(4, store.countInspections(Instant.EPOCH, Instant.now().plusSeconds(60)));
        }
    }

    @Test
    void sendOnDemandJumpsTheQueueAndUndoBringsTheDecidedCaseBack() throws Exception {
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "001"));
            await(x -> x.current().flatMap(Case::explanation).isPresent());
            desk.sendOnDemand(defect("contamination", "002"));
            DeskSnapshot s = await(x -> x.current().map(Case::onDemand).orElse(false) && x.waiting() == 1);
            long onDemand = s.current().get().number();

            desk.override(onDemand, ANN, "normal", Severity.NORMAL, "").get(10, TimeUnit.SECONDS);
            await(x -> x.current().map(c -> c.number() == 1).orElse(false));
            Decision undo = desk.undo(ANN).get(10, TimeUnit.SECONDS);
            assertEquals(Action.UNDO, undo.action());
            s = await(x -> x.current().map(c -> c.number() == onDemand).orElse(false));
            assertEquals(1, s.waiting(), "the case that was current goes back in line");
            ExecutionException twice = assertThrows(ExecutionException.class, () -> desk.undo(ANN).get(10, TimeUnit.SECONDS));
            assertTrue(twice.getCause().getMessage().contains("Nothing to undo"));
        }
    }

    @Test
    void undoAfterDecidingWhileTheAnswerStreamedExplainsTheCaseAgain() throws Exception {
        String answer = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.86,"
                + "\"rationale\":\"A large part of the rim is missing.\",\"evidence\":\"inside the red outline\"}";
        try (FakeChatServer server = new FakeChatServer()) {
            server.then(FakeChatServer.Reply.streamWith(answer, "stop", 400)); // slow: decided on before it ends
            server.always(FakeChatServer.Reply.stream(answer));
            explainer.close();
            explainer = Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision"),
                    Map.of("KENSA_LLM_API_KEY", "sk-test"), dir);
            try (CaseDesk desk = desk(20)) {
                desk.offer(defect("broken_large", "000"));
                DeskSnapshot s = await(x -> x.current().map(c -> c.explaining() && !c.rationaleSoFar().isEmpty()).orElse(false));
                long shown = s.current().get().number();
                desk.override(shown, ANN, "broken_small", Severity.MINOR, "").get(10, TimeUnit.SECONDS);
                await(x -> x.current().isEmpty());

                desk.undo(ANN).get(10, TimeUnit.SECONDS);
                s = await(x -> x.current().flatMap(Case::machineClass).isPresent());
                Case back = s.current().get();
                assertEquals(shown, back.number());
                assertEquals(ExplanationStatus.ANSWERED, back.explanation().get().status(), "explained again, not stuck");
                assertFalse(back.explaining());
                assertEquals(2, server.received().size());
            }
        }
    }

    @Test
    void whileNobodyIsSignedInFlaggedFramesAreStoredAndQueuedButNeitherExplainedNorDecided() throws Exception {
        String answer = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.86,"
                + "\"rationale\":\"A large part of the rim is missing.\",\"evidence\":\"inside the red outline\"}";
        try (FakeChatServer server = new FakeChatServer()) {
            server.always(FakeChatServer.Reply.stream(answer));
            explainer.close();
            explainer = Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision"),
                    Map.of("KENSA_LLM_API_KEY", "sk-test"), dir);
            try (CaseDesk desk = desk(20)) {
                desk.attended(false);
                desk.offer(defect("broken_large", "000"));
                desk.offer(defect("contamination", "000"));
                DeskSnapshot s = await(x -> x.current().flatMap(Case::inspection).isPresent() && x.waiting() == 1
                        && x.frames().recorded() == 2);
                assertFalse(s.current().get().explaining(), "no explanation for a screen nobody reads");
                assertEquals(List.of(), server.received(), "no LLM call while unattended");
                assertEquals(2, store.countInspections(Instant.EPOCH, Instant.now().plusSeconds(60)),
                        "every flagged frame is recorded");
                long shown = s.current().get().number();
                ExecutionException nobody = assertThrows(ExecutionException.class,
                        () -> desk.accept(shown, null).get(10, TimeUnit.SECONDS));
                assertInstanceOf(PermissionDeniedException.class, nobody.getCause());

                desk.attended(true); // someone signs in: the case on the desk is explained now, the next one in turn
                s = await(x -> x.current().flatMap(Case::machineClass).isPresent());
                assertEquals(shown, s.current().get().number());
                assertEquals(ExplanationStatus.ANSWERED, s.current().get().explanation().get().status());
                assertEquals(1, server.received().size());
                desk.accept(shown, ANN).get(10, TimeUnit.SECONDS);
                await(x -> x.current().flatMap(Case::machineClass).isPresent() && x.decided() == 1);
                assertEquals(2, server.received().size());
            }
        }
    }

    @Test
    void withAutomaticExplanationsOffAFlaggedFrameIsStillACaseAndIsExplainedOnRequest() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("llm.gate.automatic", "false");
        explainer.close();
        explainer = Explainers.create(LlmSettings.fromProperties(p), dir);
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "000"));
            // the desk decides whether to send in the same step that opens the case: the first snapshot showing the
            // case would already show it being explained (or explained) if it had been sent automatically
            DeskSnapshot s = await(x -> x.current().flatMap(Case::inspection).isPresent());
            assertFalse(s.current().get().explaining(), "nothing sent automatically");
            assertTrue(s.current().get().explanation().isEmpty());
            assertEquals(1, store.countInspections(Instant.EPOCH, Instant.now().plusSeconds(60)), "but the frame is recorded");

            desk.explainAgain();
            s = await(x -> x.current().flatMap(Case::explanation).isPresent());
            assertEquals(ExplanationStatus.OFFLINE, s.current().get().explanation().get().status());
        }
    }

    @Test
    void whenTheDatabaseFailsTheCaseStaysOpenWithTheReason() throws Exception {
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "002"));
            await(x -> x.current().flatMap(Case::explanation).isPresent());
            database.close(); // the database goes away under the station
            long shown = last.get().current().get().number();
            ExecutionException e = assertThrows(ExecutionException.class, () -> desk.accept(shown, ANN).get(10, TimeUnit.SECONDS));
            assertInstanceOf(StoreException.class, e.getCause());
            DeskSnapshot s = await(x -> x.problem().isPresent());
            assertTrue(s.current().isPresent(), "nothing is dropped: the case is still there to decide");
            assertEquals(0, s.decided());
        }
    }

    /** H2 lets only admins force the file to disk: a non-admin's decision commits, then cannot be confirmed. */
    @Test
    void aDecisionStoredButNotConfirmedOnDiskCountsAndItsWarningIsShown() throws Exception {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE USER clerk PASSWORD 'pw'");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO clerk");
            st.execute("GRANT ALTER ANY SCHEMA TO clerk");
        }
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath().resolve("kensa") + ";FILE_LOCK=FILE";
        try (Database clerkDatabase = Database.open(url, "clerk", "pw");
             InspectionStore clerk = InspectionStore.open(clerkDatabase, dir.resolve("images"), "station-1");
             CaseDesk desk = new CaseDesk(clerk, () -> explainer, () -> profile, "bottle", 1, 20, last::set)) {
            desk.offer(defect("broken_large", "000"));
            desk.offer(defect("contamination", "000"));
            DeskSnapshot s = await(x -> x.current().flatMap(Case::explanation).isPresent() && x.waiting() == 1);
            Decision d = desk.accept(s.current().get().number(), ANN).get(10, TimeUnit.SECONDS);
            s = await(x -> x.current().map(k -> k.number() == 2).orElse(false) && x.warning().isPresent());
            assertTrue(s.warning().get().contains("was recorded, but Kensa could not confirm"), s.warning().get());
            assertTrue(s.problem().isEmpty(), "recording goes on");
            assertEquals(1, s.decided());
            assertEquals(java.util.List.of(d), clerk.decisions(d.inspectionId()), "recorded once: not offered again");
        }
    }

    @Test
    void frameWithNanScoreIsRecordedAsACaseNotPassed() throws Exception {
        Inspected good = defect("broken_large", "000");
        io.kensa.detect.Detection d = good.detection();
        Inspected broken = new Inspected(good.frame(), new io.kensa.detect.Detection(Double.NaN, d.threshold(), d.map(),
                d.colourLow(), d.colourHigh(), d.regions(), d.frameWidth(), d.frameHeight(), d.timings(), d.device()));
        try (CaseDesk desk = desk(20)) {
            desk.offer(broken);
            DeskSnapshot s = await(x -> x.current().flatMap(Case::inspection).isPresent());
            assertTrue(s.current().get().inspected().detection().fault().isPresent());
            assertTrue(store.inspection(s.current().get().inspection().get()).isPresent(), "the flagged frame is stored");
        }
    }

    @Test
    void aBurstOfFlaggedFramesIsStoredEveryOne() throws Exception {
        Instant from = Instant.now().minusSeconds(5);
        try (CaseDesk desk = desk(2)) {
            for (int i = 0; i < 10; i++) {
                desk.offer(defect("broken_large", "000"));
            }
            DeskSnapshot s = await(x -> (x.current().isPresent() ? 1 : 0) + x.waiting() + x.notQueued() == 10);
        }
        assertEquals(10, store.countInspections(from, Instant.now().plusSeconds(5)));
    }

    @Test
    void framesTheStoreRefusesAreRecordedAsNotRecordedWithTheReasonAndTheCountsSurviveARestart() throws Exception {
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "000"));
            await(x -> x.current().flatMap(Case::inspection).isPresent());
            breakTheImageFolder();
            desk.offer(defect("broken_small", "000"));
            desk.offer(defect("contamination", "000"));
            DeskSnapshot s = await(x -> x.waiting() == 2);
            assertTrue(s.problem().orElseThrow().contains("image folder"), s.problem().toString());
            assertEquals(new FrameCounts(1, 0), s.frames(), "held on the desk, to be stored on their decision");
        } // closed undecided: a last try, then recorded as not stored
        assertEquals(new FrameCounts(1, 2), store.frameCounts());
        List<String> reasons = notRecordedReasons();
        assertEquals(2, reasons.size());
        assertTrue(reasons.get(0).contains("store the image in the image folder") && reasons.get(0)
                .contains("the workstation closed before the frame could be stored"), reasons.get(0));
        assertEquals(2, auditEvents("frame.not_recorded"));
        assertTrue(store.auditTrail().verify().ok());

        repairTheImageFolder();
        store.close();
        database.close();
        database = Database.openFile(dir.resolve("db"));
        store = InspectionStore.open(database, dir.resolve("images"), "station-1");
        last.set(null); // the closed desk's last snapshot is not the new one's
        try (CaseDesk desk = desk(20)) {
            desk.offer(defect("broken_large", "001"));
            DeskSnapshot s = await(x -> x.current().flatMap(Case::inspection).isPresent());
            assertEquals(new FrameCounts(2, 2), s.frames(), "read from the database at start, then counted along");
        }
    }

    @Test
    void pastTheUnstoredLimitAFrameIsRecordedAsNotRecordedAtOnce() throws Exception {
        breakTheImageFolder();
        try (CaseDesk desk = desk(2)) {
            Inspected frame = defect("broken_small", "001");
            for (int i = 0; i < CaseDesk.MAX_UNSTORED + 2; i++) {
                desk.offer(frame);
            }
            DeskSnapshot s = await(x -> x.frames().notRecorded() == 2);
            assertEquals(CaseDesk.MAX_UNSTORED - 1, s.waiting(), "the desk holds at most the limit, the current one included");
            assertTrue(notRecordedReasons().get(0).contains(CaseDesk.MAX_UNSTORED + " flagged frames already wait on the desk"),
                    notRecordedReasons().get(0));
        }
        assertEquals(CaseDesk.MAX_UNSTORED + 2, store.frameCounts().notRecorded(), "and the held ones at close");
    }

    @Test
    void aFrameFlaggedAfterTheDeskClosedIsRecordedAsNotRecorded() throws Exception {
        CaseDesk desk = desk(20);
        desk.close();
        desk.offer(defect("broken_large", "000"));
        assertEquals(new FrameCounts(0, 1), store.frameCounts());
        assertEquals(List.of("the workstation was closing when it was flagged"), notRecordedReasons());
    }

    /**
     * Every two-hex-digit sub-folder of the image folder not made yet is a file: no new image can be stored, while the
     * database works.
     */
    private void breakTheImageFolder() throws Exception {
        for (int i = 0; i < 256; i++) {
            Path shard = dir.resolve("images").resolve(String.format("%02x", i));
            if (!java.nio.file.Files.exists(shard)) {
                java.nio.file.Files.writeString(shard, "not a folder");
            }
        }
    }

    private void repairTheImageFolder() throws Exception {
        for (int i = 0; i < 256; i++) {
            Path shard = dir.resolve("images").resolve(String.format("%02x", i));
            if (java.nio.file.Files.isRegularFile(shard)) {
                java.nio.file.Files.delete(shard);
            }
        }
    }

    private List<String> notRecordedReasons() throws Exception {
        List<String> reasons = new java.util.ArrayList<>();
        try (Connection c = database.connect(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT reason FROM frames_not_recorded ORDER BY id")) {
            while (rs.next()) {
                reasons.add(rs.getString(1));
            }
        }
        return reasons;
    }

    private long auditEvents(String type) throws Exception {
        try (Connection c = database.connect(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_events WHERE event_type = '" + type + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Inspected defect(String kind, String name) throws Exception {
        BufferedImage image = ImageIO.read(ShippedResources.demoBottle().resolve("test/" + kind + "/" + name + ".png").toFile());
        BufferedImage mask = ImageIO.read(ShippedResources.demoBottle().resolve("ground_truth/" + kind + "/" + name + "_mask.png").toFile());
        Frame frame = new Frame(++sequence, Instant.now(), "test", kind + "/" + name + ".png", image);
        return new Inspected(frame, MaskDetections.fromMask(mask, image.getWidth(), image.getHeight()));
    }

    private DeskSnapshot await(Predicate<DeskSnapshot> condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            DeskSnapshot s = last.get();
            if (s != null && condition.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        fail("desk did not reach the expected state; last: " + last.get());
        return null;
    }

    /** Every decision row on decided inspections, newest first, through the supervisor's query. */
    private static List<Decision> decisionLog(InspectionStore store) throws Exception {
        return new ReviewQueries(store).decidedBetween(Instant.EPOCH, Instant.now().plusSeconds(3600), 1000).stream()
                .flatMap(r -> r.history().stream()).sorted(Comparator.comparingLong((Decision d) -> d.id().value()).reversed())
                .toList();
    }
}
