package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.capture.CaptureEvent;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.ShippedResources;
import io.kensa.model.ClassPrediction;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeWorkspace;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service layer on real parts: demo recipe, H2 file database, real backbone. */
class WorkstationTest {
    @TempDir
    Path dir;

    @Test
    void refusesToStartOnADamagedDatabaseAndSaysWhatToDo() throws Exception {
        KensaHome home = new KensaHome(dir);
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(garbage);
        java.nio.file.Files.write(home.database().resolve("kensa.mv.db"), garbage);
        WorkstationException e = assertThrows(WorkstationException.class,
                () -> Workstation.open(home, Settings.empty().with(Settings.STATION, "s1"), new Recording()));
        assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void unknownRecipeIsNamedInTheError() {
        WorkstationException e = assertThrows(WorkstationException.class, () -> Workstation.open(new KensaHome(dir),
                Settings.empty().with(Settings.RECIPE, "no-such-recipe"), new Recording()));
        assertTrue(e.getMessage().contains("no-such-recipe"), e.getMessage());
    }

    @Test
    void detectorPreparationCanBeCancelledAndStartedAgain() throws Exception {
        Recording events = new Recording();
        try (Workstation w = Workstation.open(new KensaHome(dir), Settings.empty().with(Settings.STATION, "s1"), events)) {
            w.cancelDetectorPreparation();
            events.awaitFinished(120);
            assertTrue(events.last().contains("cancelled"), events.last());
            assertEquals("cancelled", w.detectorStats().state());

            events.finished.clear();
            w.prepareDetector();
            events.awaitFinished(300);
            assertTrue(events.last().startsWith("Detector ready on cpu"), events.last());
            assertEquals("ready", w.detectorStats().state());
            // the demo recipe names a classifier: its head and its Grad-CAM twin each report their own device
            assertEquals(new ComputeDevices("cpu()", Optional.of("cpu()"), Optional.of("cpu()")), w.detectorStats().devices());
        }
    }

    @Test
    void aClassifierPublishedWhileRunningClassifiesTheNextFramesAndNamesItsVersion() throws Exception {
        Recording events = new Recording();
        KensaHome home = new KensaHome(dir);
        try (Workstation w = Workstation.open(home, Settings.empty().with(Settings.STATION, "s1"), events)) {
            events.awaitFinished(300);
            assertTrue(w.hasClassifier(), events.warnings.toString());
            Recipe running = w.recipe();
            RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(home), Clock.systemUTC());
            versions.saveClassifierToDraft(DecisionLogs.QA, running.name(), "classifier-v2.json",
                    running.classifier().orElseThrow().file());
            Recipe published = versions.publish(DecisionLogs.QA, running.name(), "a retrained head");

            String status = w.useClassifier(published);
            assertEquals("Inspect now classifies with recipe bottle v2 (classifier-v2.json); new inspections name v2.", status);
            assertTrue(events.warnings.contains(status), "the Inspect tab is told: " + events.warnings);
            assertEquals(2, w.recipe().version());
            assertEquals(2, w.liveVersion().number());

            w.startCapture("folder:" + ShippedResources.demoBottle().resolve("test/contamination") + "?fps=5");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Optional<ClassPrediction> seen = Optional.empty();
            while (seen.isEmpty() && System.nanoTime() < end) {
                seen = w.latestInspected().flatMap(Inspected::classification);
                Thread.sleep(100);
            }
            assertTrue(seen.isPresent(), "a flagged frame was classified");
            assertTrue(seen.get().classifier().startsWith("bottle v2 classifier classifier-v2.json"), seen.get().classifier());
            while (w.latestCam().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertTrue(w.latestCam().isPresent(), "the new classifier's Grad-CAM thread runs");

            String again = w.useClassifier(published);
            assertTrue(again.contains("after Kensa is restarted"), again);
            assertEquals(2, w.recipe().version(), "a version not saved on top of the running one is not swapped in");
        }
    }

    /** Collects what the workstation reports. */
    static final class Recording implements WorkstationListener {
        final List<String> finished = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();

        @Override
        public void capture(CaptureEvent event) {
        }

        @Override
        public void model(double fraction, String message, boolean done) {
            if (done) {
                finished.add(message);
            }
        }

        @Override
        public void desk(DeskSnapshot snapshot) {
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        void awaitFinished(int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (finished.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertFalse(finished.isEmpty(), "model preparation finished within " + seconds + " s");
        }

        String last() {
            return finished.get(finished.size() - 1);
        }
    }
}
