package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.Frame;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.AuditTrail;
import io.kensa.store.Database;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCommandsTest {
    @TempDir
    Path home;

    private String out;

    /** {@code kensa ARGS… --user boss}, the supervisor's password typed on standard input. */
    private int supervisor(String... args) {
        String[] signed = java.util.Arrays.copyOf(args, args.length + 2);
        signed[args.length] = "--user";
        signed[args.length + 1] = CliAccounts.SUPERVISOR;
        return CliAccounts.typing(CliAccounts.SUPERVISOR_PASSWORD, () -> kensa(signed));
    }

    private int kensa(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            return KensaCommand.run(args);
        } finally {
            System.setOut(saved);
            out = buffer.toString(StandardCharsets.UTF_8);
        }
    }

    private void record() throws Exception {
        KensaHome kh = new KensaHome(home);
        try (Database db = Database.openFile(kh.database())) {
            record(db, kh);
        }
    }

    /** One inspection and its decision, as the workstation records them (with the data folder's head log). */
    private static void record(Database db, KensaHome kh) throws Exception {
        var image = ImageIO.read(ShippedResources.demoBottle().resolve("test/good/000.png").toFile());
        AnomalyMap map = new AnomalyMap(2, 2, new float[] {1, 2, 3, 4});
        Detection d = new Detection(4, 5, map, 0, 8, List.of(), 320, 320, new Detection.DetectTimings(1, 1, 1), "cpu()");
        try (InspectionStore store = InspectionStore.open(db, kh.images(), AuditTrail.headLogIn(kh.root()), "station-A")) {
            InspectionId id = store.recordInspection(new InspectionInput(
                    new Frame(1, Instant.now(), "folder:x", "000.png", image), d, "bottle", 1));
            store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL,
                    new Operator("a", "A", Role.INSPECTOR), Optional.empty()));
        }
    }

    @Test
    void auditVerifyExitsZeroWhenIntactAndOneWithTheBrokenLink() throws Exception {
        record();
        assertEquals(0, kensa("audit", "verify", "--home", home.toString()));
        assertTrue(out.startsWith("OK: 2 events verified"), out);

        assertEquals(0, kensa("audit", "verify", "--images", "--home", home.toString()));
        assertTrue(out.contains("image files present and unchanged"), out);
        try (var files = Files.walk(new KensaHome(home).images())) {
            Path image = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            Files.write(image, new byte[] {1, 2, 3});
        }
        assertEquals(1, kensa("audit", "verify", "--images", "--home", home.toString()));
        assertTrue(out.startsWith("BROKEN images: 1 image file(s)"), out);
        assertTrue(out.contains("was changed after it was stored"), out);

        try (Database db = Database.openFile(new KensaHome(home).database());
             Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE decisions SET final_class = 'contamination'");
        }
        assertEquals(1, kensa("audit", "verify", "--home", home.toString()));
        assertTrue(out.startsWith("BROKEN at event 2: event 2 (decision.recorded, id 1): decision 1 no longer matches"), out);
    }

    @Test
    void cutOffNewestDecisionIsFoundByTheHeadLogAndByTheNotedHead() throws Exception {
        record();
        assertEquals(0, kensa("audit", "verify", "--home", home.toString()));
        String head = out.lines().findFirst().orElseThrow().replaceFirst(".*; head ", "");
        assertTrue(head.matches("2:[0-9a-f]{64}"), out);
        assertTrue(out.contains("checked: the head log " + AuditTrail.headLogIn(home) + ": 2 line(s) match their events"), out);
        assertTrue(out.contains("checked: MACs by station key "), out);
        assertEquals(0, kensa("audit", "verify", "--home", home.toString(), "--expect", head));
        assertTrue(out.contains("checked: expected " + head + ": matches"), out);

        try (Database db = Database.openFile(new KensaHome(home).database());
             Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_events WHERE seq = 2");
            st.executeUpdate("DELETE FROM decisions WHERE id = 1");
            st.executeUpdate("UPDATE audit_head SET last_seq = 1, last_hash = (SELECT event_hash FROM audit_events WHERE seq = 1)");
        }
        assertEquals(1, kensa("audit", "verify", "--home", home.toString()));
        assertTrue(out.startsWith("BROKEN at event 2: the database ends at event 1 but the head log "
                + AuditTrail.headLogIn(home) + " noted event 2"), out);
        Files.move(AuditTrail.headLogIn(home), home.resolve("head.log.kept"));
        assertEquals(1, kensa("audit", "verify", "--home", home.toString(), "--no-head-log", "--expect", head));
        assertTrue(out.startsWith("BROKEN at event 2: the chain ends at event 1, before the expected event " + head), out);
        assertEquals(1, kensa("audit", "verify", "--home", home.toString(), "--head-log", home.resolve("head.log.kept").toString()));
        assertEquals(1, kensa("audit", "verify", "--home", home.toString()), "a missing head log is a failure");
        assertTrue(out.startsWith("BROKEN: the head log " + AuditTrail.headLogIn(home) + " is missing"), out);
        assertEquals(0, kensa("audit", "verify", "--home", home.toString(), "--no-head-log"),
                "the chain alone, as asked: the cut is invisible without outside records");
        assertTrue(out.contains("note: no head log compared (--no-head-log)"), out);
        CliRun both = CliRun.kensa("audit", "verify", "--home", home.toString(), "--no-head-log", "--head-log", "x");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--head-log and --no-head-log contradict each other"), both.err());
        CliRun bad = CliRun.kensa("audit", "verify", "--home", home.toString(), "--expect", "2-abc");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("'2-abc' is not SEQ:HASH"), bad.err());
    }

    @Test
    void commandsUseTheDatabaseUrlOfTheSettingsAndNeverCreateAnEmptyDatabase() throws Exception {
        Path plant = home.resolve("plant-db"); // stands in for the plant's PostgreSQL: any JDBC URL takes this path
        KensaHome kh = new KensaHome(home.resolve("station"));
        try (Database db = Database.open(Database.h2Url(plant), "", "")) {
            record(db, kh);
        }
        Files.writeString(kh.settingsFile(), "database.url=" + Database.h2Url(plant).replace(":", "\\:") + "\n");
        assertEquals(0, kensa("audit", "verify", "--home", kh.root().toString()));
        assertTrue(out.startsWith("OK: 2 events verified"), out);
        CliAccounts.create(kh.root().toString());
        String today = LocalDate.now(ZoneId.systemDefault()).toString();
        assertEquals(0, supervisor("export", "--home", kh.root().toString(), "--from", today, "--to", today,
                "--format", "csv", "--out", home.resolve("x").toString()));
        assertTrue(out.contains("Exported 1 inspections"), out);
        assertTrue(Files.notExists(kh.root().resolve("db")), "no local database was created");

        Files.writeString(kh.settingsFile(), "database.url=jdbc\\:h2\\:file\\:" + home.resolve("nowhere/kensa") + "\n");
        CliRun missing = CliRun.kensa("audit", "verify", "--home", kh.root().toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("There is no database at jdbc:h2:file:" + home.resolve("nowhere/kensa")), missing.err());
        assertTrue(Files.notExists(home.resolve("nowhere")));

        Path empty = home.resolve("empty-home");
        CliRun none = CliRun.kensa("export", "--home", empty.toString(), "--from", today, "--to", today,
                "--out", home.resolve("y").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("There is no database at " + empty.resolve("db/kensa.mv.db")), none.err());
        assertTrue(Files.notExists(empty.resolve("db")));
    }

    /** A plant database: station B's events are checked with its key file, or accepted unchecked only when asked. */
    @Test
    void anotherStationsEventsNeedItsKeyOrAnExplicitAllowance() throws Exception {
        Path plant = home.resolve("plant-db");
        KensaHome a = new KensaHome(home.resolve("station-a"));
        KensaHome b = new KensaHome(home.resolve("station-b"));
        try (Database db = Database.open(Database.h2Url(plant), "", "")) {
            record(db, a);
            record(db, b);
        }
        String url = Database.h2Url(plant);
        String log = AuditTrail.headLogIn(a.root()).toString();
        assertEquals(1, kensa("audit", "verify", "--home", a.root().toString(), "--jdbc-url", url, "--head-log", log));
        assertTrue(out.startsWith("BROKEN: the MACs of events signed by keys this check was not given could not be "
                + "checked (station key "), out);
        assertTrue(out.contains(": 2 event(s), events 3..4). Give those stations' key files with --key FILE"), out);
        assertEquals(0, kensa("audit", "verify", "--home", a.root().toString(), "--jdbc-url", url, "--head-log", log,
                "--allow-unknown-keys"));
        assertTrue(out.contains("note: not checked, accepted with --allow-unknown-keys: station key "), out);
        assertEquals(0, kensa("audit", "verify", "--home", a.root().toString(), "--jdbc-url", url, "--head-log", log,
                "--key", b.root().resolve("keys/station.key").toString()));
        assertTrue(out.startsWith("OK: 4 events verified"), out);
        CliRun noLog = CliRun.kensa("audit", "verify", "--home", a.root().toString(), "--jdbc-url", url);
        assertEquals(2, noLog.code());
        assertTrue(noLog.err().contains("give the recording station's head log with --head-log FILE, or check without "
                + "one with --no-head-log"), noLog.err());
    }

    @Test
    void verifyingAnEmptyDatabaseWarns() throws Exception {
        Database.openFile(new KensaHome(home).database()).close();
        assertEquals(0, kensa("audit", "verify", "--home", home.toString()));
        assertTrue(out.startsWith("OK: 0 events verified"), out);
        assertTrue(out.contains("WARNING: 0 events verified: nothing was ever recorded in jdbc:h2:file:"), out);
        assertTrue(out.contains("check the data folder " + home), out);
    }

    @Test
    void exportWritesTheFolderForTheDateRange() throws Exception {
        record();
        CliAccounts.create(home.toString());
        String today = LocalDate.now(ZoneId.systemDefault()).toString();
        Path dir = home.resolve("qa-export");
        assertEquals(0, supervisor("export", "--home", home.toString(), "--from", today, "--to", today,
                "--format", "csv", "--out", dir.toString(), "--with-images"));
        assertTrue(out.contains("Exported 1 inspections, 0 explanations, 1 decisions, 1 images"), out);
        assertTrue(Files.exists(dir.resolve("inspections.csv")));
        assertTrue(Files.notExists(dir.resolve("inspections.json")));
        try (var files = Files.walk(new KensaHome(home).images())) {
            Files.delete(files.filter(Files::isRegularFile).findFirst().orElseThrow());
        }
        assertEquals(0, supervisor("export", "--home", home.toString(), "--from", today, "--to", today,
                "--out", home.resolve("without-image").toString(), "--with-images"));
        assertTrue(out.contains("Exported 1 inspections, 0 explanations, 1 decisions, 0 images"), out);
        assertTrue(out.contains("WARNING: 1 image file(s) missing and 0 changed after they were stored"), out);
        assertEquals(1, supervisor("export", "--home", home.toString(), "--from", today, "--to", today,
                "--format", "xml", "--out", home.resolve("other").toString()));
    }

    @Test
    void onlyASignedInSupervisorExports() throws Exception {
        record();
        CliAccounts.create(home.toString());
        String today = LocalDate.now(ZoneId.systemDefault()).toString();
        Path dir = home.resolve("qa-export");
        CliRun anonymous = CliRun.kensa("export", "--home", home.toString(), "--from", today, "--to", today,
                "--out", dir.toString());
        assertEquals(1, anonymous.code());
        assertTrue(anonymous.err().contains("kensa export changes the record: give your account with --user ID"),
                anonymous.err());
        CliRun inspector = CliAccounts.typing(CliAccounts.INSPECTOR_PASSWORD, () -> CliRun.kensa("export", "--home",
                home.toString(), "--from", today, "--to", today, "--out", dir.toString(), "--user", CliAccounts.INSPECTOR));
        assertEquals(1, inspector.code());
        assertTrue(inspector.err().contains("Ichiro Ito (i.ito, inspector) may not export records"), inspector.err());
        assertTrue(Files.notExists(dir), "nothing was written");
    }

    /** The manifest's audit check is the one audit verify and the Review tab make: with the station's head log. */
    @Test
    void exportComparesTheChainWithTheStationsHeadLog() throws Exception {
        CliAccounts.create(home.toString()); // events 1-3: the accounts; 4-5: the inspection and its decision
        record();
        try (Database db = Database.openFile(new KensaHome(home).database());
             Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_events WHERE seq = 5");
            st.executeUpdate("DELETE FROM decisions WHERE id = 1");
            st.executeUpdate("UPDATE audit_head SET last_seq = 4, last_hash = (SELECT event_hash FROM audit_events WHERE seq = 4)");
        }
        String today = LocalDate.now(ZoneId.systemDefault()).toString();
        Path dir = home.resolve("qa-export");
        assertEquals(0, supervisor("export", "--home", home.toString(), "--from", today, "--to", today,
                "--format", "json", "--out", dir.toString()));
        assertTrue(out.contains("WARNING: the audit trail does not verify: the database ends at event 4 but the head log "
                + AuditTrail.headLogIn(home) + " noted event 5"), out);
        assertTrue(Files.readString(dir.resolve("README.md")).contains("BROKEN: the database ends at event 4"));
    }
}
