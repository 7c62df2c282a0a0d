package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.PermissionDeniedException;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {
    @TempDir
    Path home;

    private static final Instant DAY = Instant.parse("2025-05-06T00:00:00Z");

    private void fill(InspectionStore store) throws Exception {
        for (int i = 0; i < 5; i++) {
            InspectionId id = store.recordInspection(StoreFixtures.inspection(
                    StoreFixtures.demoImage("broken_large", i), i, DAY.plusSeconds(3600L * (i + 1))));
            store.recordExplanation(id, StoreFixtures.explanation(DAY));
            Decision d = store.recordDecision(id, DecisionInput.override("broken_small", Severity.MINOR,
                    "chip, \"small\", ok\nsecond line", ALICE, Optional.empty()));
            if (i == 4) {
                store.undo(d.id(), ALICE);
            }
        }
        // outside the range
        store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 99, DAY.plusSeconds(86_400 * 2)));
    }

    @Test
    void exportsCsvJsonImagesAndManifestForTheRange() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            fill(store);
            AtomicLong last = new AtomicLong();
            Path out = home.resolve("export");
            Exporter.Summary summary = new Exporter(store).export(StoreFixtures.BOB, new Exporter.Request(DAY, DAY.plusSeconds(86_400),
                    EnumSet.allOf(Exporter.Format.class), out, true), (done, total) -> last.set(done), () -> false);
            assertEquals(5, summary.inspections());
            assertEquals(5, summary.explanations());
            assertEquals(6, summary.decisions());
            assertEquals(5, summary.images());
            assertTrue(summary.audit().ok());
            assertEquals(5, last.get());
            assertFalse(Files.exists(home.resolve("export.partial")));

            List<String> csv = Files.readAllLines(out.resolve("inspections.csv"));
            assertEquals(6, csv.size());
            assertTrue(csv.get(0).startsWith("inspection_id,captured_at,"));
            String decisions = Files.readString(out.resolve("decisions.csv"));
            assertTrue(decisions.contains("\"chip, \"\"small\"\", ok\nsecond line\""), decisions);
            assertTrue(decisions.contains(",undo,"), decisions);
            String json = Files.readString(out.resolve("inspections.json"));
            assertTrue(json.startsWith("[\n{\"inspection_id\":1,"), json.substring(0, 40));
            assertTrue(json.contains("\"explanations\":[{\"explanation_id\":1,"));
            assertTrue(json.contains("chip, \\\"small\\\", ok\\nsecond line"));

            StoredInspection first = store.inspection(new InspectionId(1)).orElseThrow();
            Path image = out.resolve("images").resolve(first.imageSha256() + ".png");
            assertEquals(first.imageSha256(), Hashes.sha256Hex(Files.readAllBytes(image)));
            BufferedImage map = ImageIO.read(out.resolve("maps/inspection-1.png").toFile());
            assertEquals(320, map.getWidth());
            String manifest = Files.readString(out.resolve("manifest.json"));
            assertTrue(manifest.contains("\"inspections\":5"), manifest);
            assertTrue(manifest.contains("\"images/" + first.imageSha256() + ".png\":\"" + first.imageSha256() + "\""));
            assertTrue(Files.readString(out.resolve("README.md")).contains("map_low + grey"));
        }
    }

    @Test
    void tamperedImageShaCannotWriteOutsideTheExport() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            fill(store);
            try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE inspections SET image_sha256 = '../../x' WHERE id = 1");
            }
            Path out = home.resolve("exports/export");
            Exporter.Summary summary = new Exporter(store).export(StoreFixtures.BOB, new Exporter.Request(DAY, DAY.plusSeconds(86_400),
                    EnumSet.allOf(Exporter.Format.class), out, true), (done, total) -> { }, () -> false);
            assertEquals(5, summary.inspections());
            assertFalse(Files.exists(home.resolve("x.png")) || Files.exists(out.resolve("../x.png")), "nothing outside");
            assertTrue(summary.imageProblems().get(0).contains("'../../x' is not 64 hex characters"),
                    summary.imageProblems().toString());
        }
    }

    @Test
    void changedAndMissingImagesAreListedAndTheExportStillCompletes() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            fill(store);
            StoredInspection changed = store.inspection(new InspectionId(1)).orElseThrow();
            StoredInspection missing = store.inspection(new InspectionId(2)).orElseThrow();
            Files.write(store.imageFile(changed), new byte[] {1, 2, 3});
            Files.delete(store.imageFile(missing));
            Path out = home.resolve("export");
            Exporter.Summary summary = new Exporter(store).export(StoreFixtures.BOB, new Exporter.Request(DAY, DAY.plusSeconds(86_400),
                    EnumSet.allOf(Exporter.Format.class), out, true), (done, total) -> { }, () -> false);
            assertEquals(5, summary.inspections());
            assertEquals(4, summary.images());
            assertEquals(1, summary.missingImages());
            assertEquals(1, summary.changedImages());
            assertEquals(Optional.of("1 image file(s) missing and 1 changed after they were stored (listed in README.md "
                    + "and manifest.json)"), summary.imageWarning());
            String changedFile = "images/" + changed.imageSha256() + ".CHANGED.png";
            assertTrue(summary.imageProblems().get(0).startsWith("inspection 1 (station station-A): image "
                    + store.imageFile(changed) + " was changed after it was stored: its sha256 is now "
                    + Hashes.sha256Hex(new byte[] {1, 2, 3})), summary.imageProblems().toString());
            assertTrue(summary.imageProblems().get(1).startsWith("inspection 2 (station station-A): image "
                    + store.imageFile(missing) + " is missing"), summary.imageProblems().toString());
            assertEquals(3, Files.size(out.resolve(changedFile)), "exported as found");
            assertFalse(Files.exists(out.resolve("images/" + missing.imageSha256() + ".png")));

            List<String> csv = Files.readAllLines(out.resolve("inspections.csv"));
            assertTrue(csv.get(1).contains("," + changedFile + ","), csv.get(1));
            assertTrue(csv.get(2).contains("," + missing.imageSha256() + ",,"), "empty image_file: " + csv.get(2));
            String readme = Files.readString(out.resolve("README.md"));
            assertTrue(readme.contains("## Image problems\n2 image(s) did not check out"), readme);
            assertTrue(readme.contains("- " + summary.imageProblems().get(1)), readme);
            String manifest = Files.readString(out.resolve("manifest.json"));
            assertTrue(manifest.contains("\"image_problems\":[{\"inspection_id\":1,\"image_sha256\":\""
                    + changed.imageSha256() + "\",\"exported_as\":\"" + changedFile + "\""), manifest);
            assertTrue(manifest.contains("{\"inspection_id\":2,\"image_sha256\":\"" + missing.imageSha256()
                    + "\",\"exported_as\":\"\""), manifest);
        }
    }

    @Test
    void cancelledExportLeavesNothingAndExistingFolderIsRefused() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            fill(store);
            Exporter exporter = new Exporter(store);
            AtomicLong seen = new AtomicLong();
            Path out = home.resolve("export");
            assertThrows(CancellationException.class, () -> exporter.export(StoreFixtures.BOB, new Exporter.Request(DAY,
                    DAY.plusSeconds(86_400), EnumSet.of(Exporter.Format.CSV), out, true),
                    (done, total) -> seen.set(done), () -> seen.get() >= 2));
            assertFalse(Files.exists(out));
            assertFalse(Files.exists(home.resolve("export.partial")));

            Files.createDirectories(out);
            Files.writeString(out.resolve("keep.txt"), "mine");
            StoreException e = assertThrows(StoreException.class, () -> exporter.export(StoreFixtures.BOB, new Exporter.Request(DAY,
                    DAY.plusSeconds(86_400), EnumSet.of(Exporter.Format.JSON), out, false), (d, t) -> { }, () -> false));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        }
    }

    @Test
    void onlyASupervisorExportsAndARefusalWritesNothing() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            fill(store);
            Path out = home.resolve("export");
            Exporter.Request request = new Exporter.Request(DAY, DAY.plusSeconds(86_400), EnumSet.of(Exporter.Format.CSV),
                    out, true);
            PermissionDeniedException refused = assertThrows(PermissionDeniedException.class,
                    () -> new Exporter(store).export(StoreFixtures.ALICE, request, (d, t) -> { }, () -> false));
            assertEquals("Aiko Sato (a.sato, inspector) may not export records: only supervisor may. Ask one to sign in.",
                    refused.getMessage());
            Operator qa = new Operator("q.lee", "Quinn Lee", Role.QA_ENGINEER);
            assertThrows(PermissionDeniedException.class,
                    () -> new Exporter(store).export(qa, request, (d, t) -> { }, () -> false));
            assertFalse(Files.exists(out));
            assertFalse(Files.exists(home.resolve("export.partial")));
        }
    }
}
