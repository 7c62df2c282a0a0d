package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way recording can become impossible gives a StoreException that says what happened and what to do. */
class StoreFailureTest {
    @TempDir
    Path home;

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void recordOne(Path db, Path images) throws StoreException {
        try (Database database = Database.openFile(db);
             InspectionStore store = InspectionStore.open(database, images, "station-A")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, StoreFixtures.ALICE, Optional.empty()));
        }
    }

    /**
     * H2 lets only admin users run CHECKPOINT SYNC, so a non-admin user's decision commits and then cannot be forced
     * to disk: the real failure after commit. The decision must come back as recorded (with the warning), once.
     */
    @Test
    void decisionCommittedButNotForcedToDiskIsReportedAsRecordedNotFailed() throws Exception {
        Path dir = home.resolve("db");
        try (Database admin = Database.openFile(dir)) {
            try (Connection c = admin.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE USER clerk PASSWORD 'pw'");
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO clerk");
                st.execute("GRANT ALTER ANY SCHEMA TO clerk"); // the migrations' CREATE TABLE IF NOT EXISTS
            }
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("kensa") + ";FILE_LOCK=FILE";
            try (Database clerk = Database.open(url, "clerk", "pw");
                 InspectionStore store = InspectionStore.open(clerk, home.resolve("images"), "station-A")) {
                InspectionId id = store.recordInspection(
                        StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
                RecordedWithWarningException e = assertThrows(RecordedWithWarningException.class, () -> store.recordDecision(
                        id, DecisionInput.accept("normal", Severity.NORMAL, StoreFixtures.ALICE, Optional.empty())));
                System.out.println("unconfirmed: " + e.getMessage());
                assertTrue(e.getMessage().startsWith("Decision 1 (accept, normal) was recorded, but Kensa could not "
                        + "confirm that it reached the disk"), e.getMessage());
                assertTrue(e.getMessage().endsWith("Do not record it again: it is in the database."), e.getMessage());
                assertEquals(java.util.List.of(e.decision()), store.decisions(id), "stored once, as returned");

                RecordedWithWarningException undo = assertThrows(RecordedWithWarningException.class,
                        () -> store.undo(e.decision().id(), StoreFixtures.ALICE));
                assertEquals(Optional.of(e.decision().id()), undo.decision().undoes());
                assertEquals(2, store.decisions(id).size());
            }
            VerifyResult r = StoreFixtures.audit(admin, home, Optional.empty()).verify();
            assertTrue(r.ok(), r.reason());
            assertEquals(3, r.checkedCount());
        }
    }

    @Test
    void headLogThatCannotBeWrittenRefusesToStart() throws Exception {
        Files.writeString(home.resolve("audit"), "a file where the audit folder should be");
        StoreException refused = assertThrows(StoreException.class, () -> {
            try (Database db = Database.openFile(home.resolve("db"))) {
                InspectionStore.open(db, home.resolve("images"), AuditTrail.headLogIn(home), "station-A").close();
            }
        });
        System.out.println("head log: " + refused.getMessage());
        assertTrue(refused.getMessage().startsWith("Cannot write the audit head log " + AuditTrail.headLogIn(home)),
                refused.getMessage());
    }

    @Test
    void headLogFullAfterStartStillRecordsTheDecisionWithAWarning() throws Exception {
        assumeTrue(root(), "head-log full-disk test skipped: mounting a tiny tmpfs needs root");
        TinyMount mount;
        try {
            mount = TinyMount.mount(home.resolve("tiny"), "1m");
        } catch (IOException e) {
            assumeTrue(false, "head-log full-disk test skipped: " + e.getMessage());
            return;
        }
        try (mount; Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), AuditTrail.headLogIn(mount.dir),
                     "station-A")) {
            Path filler = mount.dir.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException full) {
                // the tiny disk is full now
            }
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            RecordedWithWarningException e = assertThrows(RecordedWithWarningException.class, () -> store.recordDecision(
                    id, DecisionInput.accept("normal", Severity.NORMAL, StoreFixtures.ALICE, Optional.empty())));
            System.out.println("head log full: " + e.getMessage());
            assertTrue(e.getMessage().contains("was recorded, but it could not be noted in the audit head log "
                    + AuditTrail.headLogIn(mount.dir)), e.getMessage());
            assertEquals(1, store.decisions(id).size());
            Files.delete(filler);
            store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, StoreFixtures.ALICE, Optional.empty()));
            VerifyResult r = store.auditTrail().verify();
            assertTrue(r.ok(), r.reason());
            assertTrue(r.notes().get(0).startsWith("2 event(s) of this station before event 3 are not in the head log: "
                    + "at event 3 the station recorded"), r.notes().toString());
        }
    }

    @Test
    void secondInstanceOnTheSameDatabaseIsToldItIsInUse() throws Exception {
        Process holder = StoreChild.command("hold", home.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("READY", out.readLine());
            StoreException e = assertThrows(StoreException.class, () -> Database.openFile(home.resolve("db")));
            System.out.println("locked: " + e.getMessage());
            assertTrue(e.getMessage().contains("in use by another Kensa"), e.getMessage());
            assertTrue(e.getMessage().contains("Close the other instance"), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        recordOne(home.resolve("db"), home.resolve("images")); // usable again once the other one closed
    }

    @Test
    void corruptDatabaseFileIsRefusedWithWhatToDo() throws Exception {
        recordOne(home.resolve("db"), home.resolve("images"));
        Path file = home.resolve("db").resolve("kensa.mv.db");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[(int) Math.min(raf.length(), 64 * 1024)];
            new java.util.Random(7).nextBytes(junk);
            raf.seek(0);
            raf.write(junk);
        }
        StoreException e = assertThrows(StoreException.class, () -> recordOne(home.resolve("db"), home.resolve("images")));
        System.out.println("corrupt: " + e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("Move kensa.mv.db aside"), e.getMessage());
    }

    @Test
    void notADatabaseFileIsRefused() throws Exception {
        Files.createDirectories(home.resolve("db"));
        Files.writeString(home.resolve("db").resolve("kensa.mv.db"), "this is a text file, not a database\n".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> Database.openFile(home.resolve("db")));
        System.out.println("not a db: " + e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void readOnlyDataFolderIsRefusedAtStart() throws Exception {
        Path dir = home.resolve("ro");
        if (root()) {
            TinyMount mount;
            try {
                mount = TinyMount.mount(dir, "16m");
            } catch (IOException e) {
                assumeTrue(false, "read-only test skipped: " + e.getMessage());
                return;
            }
            try (mount) {
                recordOne(dir.resolve("db"), dir.resolve("images"));
                mount.remountReadOnly();
                assertReadOnlyRefused(dir);
            }
        } else {
            recordOne(dir.resolve("db"), dir.resolve("images"));
            try (var files = Files.walk(dir)) {
                for (Path p : files.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
                }
            }
            try {
                assertReadOnlyRefused(dir);
            } finally {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.toList()) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    private void assertReadOnlyRefused(Path dir) {
        StoreException e = assertThrows(StoreException.class, () -> recordOne(dir.resolve("db"), dir.resolve("images")));
        System.out.println("read-only: " + e.getMessage());
        assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
        StoreException db = assertThrows(StoreException.class, () -> recordOne(dir.resolve("db"), home.resolve("images")));
        System.out.println("read-only db: " + db.getMessage());
        assertTrue(db.getMessage().contains("cannot be written"), db.getMessage());
    }

    @Test
    void fullDiskStopsRecordingWithAClearMessage() throws Exception {
        assumeTrue(root(), "full-disk test skipped: mounting a tiny tmpfs needs root");
        TinyMount mount;
        try {
            mount = TinyMount.mount(home.resolve("tiny"), "3m");
        } catch (IOException e) {
            assumeTrue(false, "full-disk test skipped: " + e.getMessage());
            return;
        }
        try (mount) {
            // database on the tiny disk, images elsewhere: the database hits the wall
            assertFullDisk(mount.dir.resolve("db"), home.resolve("images"), "database");
            deleteTree(mount.dir.resolve("db"));
            // images on the tiny disk, the database elsewhere: the image folder hits the wall (with both on it,
            // which fills first depends on the page sizes H2 happens to allocate)
            assertFullDisk(home.resolve("db2"), mount.dir.resolve("images"), "image folder");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void assertFullDisk(Path db, Path images, String what) {
        StoreException e = assertThrows(StoreException.class, () -> {
            try (Database database = Database.openFile(db);
                 InspectionStore store = InspectionStore.open(database, images, "station-A")) {
                for (int i = 0; i < 10_000; i++) {
                    InspectionId id = store.recordInspection(StoreFixtures.inspection(
                            StoreFixtures.variant(StoreFixtures.demoImage("good", i % 5), i), i, Instant.now()));
                    store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, StoreFixtures.ALICE,
                            Optional.empty()));
                }
            }
        });
        System.out.println("full (" + what + "): " + e.getMessage());
        assertTrue(e.getMessage().contains("disk is full"), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
