package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import io.kensa.capture.FrameSource;
import io.kensa.capture.FrameSources;
import io.kensa.capture.gige.GigeVisionSource;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.Inspected;
import io.kensa.inspect.RecipeVersions;
import io.kensa.inspect.Workstation;
import io.kensa.llm.MaskDetections;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.recipe.RecipeWorkspace;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Inspect screen's behaviour without a screen: the real workstation (demo recipe, H2 file database in a temp data
 * folder, offline explainer), real folder replays, and a camera that is a test source registered under {@code gige}.
 * Commands run on a single "fx" thread as in the app; the detector is not loaded (cases are sent on demand).
 */
class InspectViewModelTest {
    private static final Operator ANN = new Operator("a1", "Ann Example", Role.INSPECTOR);
    private static final Operator QA = new Operator("q1", "Quinn Example", Role.QA_ENGINEER);
    private static final String CAMERA = "gige://test-cam";
    private static KensaHome home;
    private static Workstation workstation;
    private static final DeferredListener listener = new DeferredListener();
    /** The specs the test camera was opened with, newest last. */
    private static final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static Path replay;

    private final ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-control"));
    private final ExecutorService prepare = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-case-view"));
    private final CountingScheduler saver = new CountingScheduler();
    private Path settingsFile;
    private FrameRenderer renderer;
    private InspectViewModel vm;
    private long sequence;
    private String messageAtStart;

    @BeforeAll
    static void open() throws Exception {
        FrameSources.register("gige", spec -> new TestCamera(spec.text()));
        home = new KensaHome(Files.createTempDirectory("kensa-inspect-vm"));
        replay = Files.createTempDirectory("kensa-vm-replay");
        Files.copy(ShippedResources.demoBottle().resolve("test/good/000.png"), replay.resolve("000.png"));
        workstation = Workstation.open(home, Settings.empty().with(Settings.STATION, "vm-station"), listener);
        workstation.cancelDetectorPreparation(); // cases are sent on demand: no backbone needed
        // the cancellation lands once the backbone has loaded (slow on a fresh machine): before any view-model listens,
        // so its message cannot stand in for the one a test waits for
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!"cancelled".equals(workstation.detectorStats().state()) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertEquals("cancelled", workstation.detectorStats().state());
    }

    @AfterAll
    static void close() {
        workstation.close();
        FrameSources.register(GigeVisionSource.SCHEME, spec -> GigeVisionSource.fromSpec(spec.text())); // as Main does
    }

    @AfterEach
    void stop() throws Exception {
        workstation.stopCapture();
        if (renderer != null) {
            renderer.close();
        }
        for (ExecutorService e : List.of(fx, control, prepare, saver)) {
            e.shutdown();
        }
    }

    private InspectViewModel open(Settings settings) throws Exception {
        settingsFile = Files.createTempDirectory("kensa-vm-settings").resolve("settings.properties");
        renderer = new FrameRenderer(workstation::display, workstation::latestInspected, workstation::latestCam);
        vm = onFx(() -> new InspectViewModel(workstation, settings, ANN, settingsFile, renderer, control, saver, prepare, fx));
        messageAtStart = onFx(() -> vm.message().get()); // before the workstation's events (detector cancelled) arrive
        listener.attach(vm);
        return vm;
    }

    private <T> T onFx(Callable<T> work) throws Exception {
        return fx.submit(work).get(30, TimeUnit.SECONDS);
    }

    private boolean key(String name) throws Exception {
        return key(name, false, false);
    }

    private boolean key(String name, boolean shift, boolean shortcut) throws Exception {
        return onFx(() -> vm.keys().key(name, shift, shortcut, false));
    }

    private void run(Runnable command) throws Exception {
        onFx(() -> {
            command.run();
            return null;
        });
    }

    /** Waits until the condition holds on the fx thread (never to show that nothing happened). */
    private void await(BooleanSupplier condition, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(20);
        }
        fail("not reached: " + what + " | message: " + onFx(() -> vm.message().get()) + " | live: "
                + onFx(() -> vm.liveMessage().get()));
    }

    private Inspected defect(String kind, String name) throws Exception {
        BufferedImage image = ImageIO.read(ShippedResources.demoBottle().resolve("test/" + kind + "/" + name + ".png").toFile());
        BufferedImage mask = ImageIO.read(ShippedResources.demoBottle().resolve("ground_truth/" + kind + "/" + name + "_mask.png").toFile());
        return new Inspected(new Frame(++sequence, Instant.now(), "test", kind + "/" + name + ".png", image),
                MaskDetections.fromMask(mask, image.getWidth(), image.getHeight()));
    }

    private String replaySpec(int fps) {
        return "folder:" + replay + "?fps=" + fps;
    }

    @Test
    void signingOutSaysTheStationIsUnattendedAndSigningInAgainClearsIt() throws Exception {
        open(Settings.empty());
        assertEquals("", onFx(() -> vm.unattended().get()));
        run(() -> vm.operator().set(null));
        String said = onFx(() -> vm.unattended().get());
        assertTrue(said.startsWith("Station unattended: capture and detection keep running"), said);
        assertEquals("Signed out", onFx(() -> vm.operatorText()));
        run(() -> vm.operator().set(ANN));
        assertEquals("", onFx(() -> vm.unattended().get()));
    }

    @Test
    void decisionKeysDoNothingWhileNoCaseIsOpen() throws Exception {
        open(Settings.empty());
        long before = TestWindows.decisionLog(workstation.store()).size();
        assertTrue(key("ENTER"), "Enter is the accept key, also when there is nothing to accept");
        key("O");
        assertFalse(onFx(() -> vm.caseView().overrideOpen().get()), "no override without a case");
        assertFalse(onFx(() -> vm.caseView().canAccept().get()));
        assertEquals("No case open", onFx(() -> vm.caseView().title().get()));
        assertFalse(key("Q"), "an unbound key is left to the focused control");
        assertFalse(onFx(() -> vm.keys().key("H", false, false, true)), "H typed into a field is a letter");
        assertEquals("", onFx(() -> vm.caseView().saveState().get()), "nothing was sent to the desk");
        assertEquals(before, TestWindows.decisionLog(workstation.store()).size());
    }

    /** G toggles the Grad-CAM overlay apart from the heatmap; both are remembered; the legend says what it is. */
    @Test
    void gTogglesTheGradCamOverlayOnItsOwn() throws Exception {
        open(Settings.empty());
        boolean heatmap = onFx(() -> vm.overlay().heatmap().get());
        boolean cam = onFx(() -> vm.overlay().cam().get());
        assertTrue(key("G"));
        assertEquals(!cam, onFx(() -> vm.overlay().cam().get()));
        assertEquals(heatmap, onFx(() -> vm.overlay().heatmap().get()), "the anomaly heatmap is not touched");
        assertEquals(String.valueOf(!cam), onFx(() -> vm.settingsToSave().get(OverlayViewModel.CAM).orElseThrow()));
        assertFalse(onFx(() -> vm.keys().key("G", false, false, true)), "G typed into a field is a letter");
        assertEquals("Grad-CAM: where the classifier looked — shown once it classifies a flagged frame",
                OverlayViewModel.camLegend(java.util.Optional.empty()));
        key("G");
        assertEquals(cam, onFx(() -> vm.overlay().cam().get()));
    }

    @Test
    void enterAcceptsZUndoesAndOThenANumberOverridesEscapeCancels() throws Exception {
        open(Settings.empty());
        CaseViewModel c = vm.caseView();
        workstation.desk().sendOnDemand(defect("broken_large", "000"));
        await(() -> c.title().get().startsWith("Case") && c.explainer().get().contains("not an LLM"), "case explained");
        assertTrue(onFx(() -> c.title().get().endsWith("(sent on demand) — frozen frame")));
        assertTrue(onFx(() -> c.facts().get().startsWith("Detector: score ")), onFx(() -> c.facts().get()));
        assertFalse(onFx(() -> c.className().get()).isBlank(), "the offline explainer names a class");
        assertTrue(onFx(() -> c.frozen().get().isPresent()), "the frozen frame and its outline are drawn");
        String firstCase = onFx(() -> c.title().get());

        assertTrue(key("ENTER"));
        await(() -> c.saveState().get().contains("saved (decision"), "accept saved");
        assertTrue(onFx(() -> c.saveState().get()).startsWith("Accepted — saved (decision "));
        Decision accepted = TestWindows.decisionLog(workstation.store()).get(0);
        assertEquals(Action.ACCEPT, accepted.action());
        assertEquals("a1", accepted.operator().id());
        await(() -> c.undoVisible().get() && c.lastDecision().get().startsWith("Accepted "), "last decision shown");

        assertTrue(key("Z", false, true)); // Ctrl+Z
        await(() -> c.saveState().get().startsWith("Undone"), "undone");
        await(() -> c.title().get().equals(firstCase), "the case is back");
        assertEquals(Action.UNDO, TestWindows.decisionLog(workstation.store()).get(0).action(), "undo is its own event");

        assertTrue(key("O"));
        assertTrue(onFx(() -> c.overrideOpen().get()));
        assertTrue(key("ESCAPE"));
        assertFalse(onFx(() -> c.overrideOpen().get()), "Escape cancels the override");

        key("O");
        assertTrue(key("ENTER"), "Enter without a class asks for one");
        assertEquals("Pick the true class first (number key 1–" + onFx(() -> c.classes().size()) + ").",
                onFx(() -> vm.message().get()));
        assertTrue(onFx(() -> vm.messageProblem().get()));
        assertFalse(onFx(() -> vm.keys().key("N", false, false, true)), "typing in the comment: letters are letters");
        assertTrue(key("DIGIT1")); // 1 = normal
        assertEquals(0, onFx(() -> c.chosenClass().get()));
        assertEquals(Optional.of(Severity.NORMAL), onFx(() -> c.chosenSeverity().get()), "severity follows the class");
        assertTrue(key("D"));
        assertEquals(Optional.of(Severity.DEFECT), onFx(() -> c.chosenSeverity().get()));
        assertTrue(onFx(() -> c.canConfirm().get()));
        run(() -> c.comment().set("rim is fine"));
        assertTrue(key("ENTER"));
        await(() -> c.saveState().get().startsWith("Overridden"), "override saved");
        Decision override = TestWindows.decisionLog(workstation.store()).get(0);
        assertEquals(Action.OVERRIDE, override.action());
        assertEquals("normal", override.finalClass());
        assertEquals(Severity.DEFECT, override.severity());
        assertFalse(onFx(() -> c.overrideOpen().get()));
        assertTrue(workstation.store().auditTrail().verify().ok(), "audit chain intact");
    }

    @Test
    void statusBarTextsWhileStoppedAndRunning() throws Exception {
        open(Settings.empty().with(Settings.SOURCE, replaySpec(20)));
        run(vm::refreshStatus);
        assertEquals("stopped", onFx(() -> vm.statusBar().captureStatus().get()));
        assertTrue(onFx(() -> vm.statusBar().detectorStatus().get()).startsWith("detector "), onFx(() -> vm.statusBar().detectorStatus().get()));
        assertTrue(onFx(() -> vm.statusBar().explainerStatus().get()).startsWith("explainer: "), onFx(() -> vm.statusBar().explainerStatus().get()));
        assertEquals("Ann Example (inspector)", vm.operatorText());
        assertTrue(onFx(() -> vm.recipeText().get()).startsWith("Recipe: "), onFx(() -> vm.recipeText().get()));
        assertEquals("Start  F5", onFx(() -> vm.startStopText().get()));

        run(vm::startCaptureNow);
        await(() -> vm.startStopText().get().equals("Stop  F5"), "started");
        renderer.start();
        await(() -> {
            renderer.poll(); // what the FX pulse does
            vm.refreshStatus();
            return vm.statusBar().captureStatus().get().startsWith("running · capture ") && vm.statusBar().captureStatus().get().contains("320×320");
        }, "running with the frame size");
        assertTrue(onFx(() -> vm.statusBar().captureStatus().get()).contains(" · dropped "), onFx(() -> vm.statusBar().captureStatus().get()));
        assertTrue(onFx(() -> vm.replayVisible().get() && vm.replayEnabled().get()));
        assertEquals(20.0, onFx(() -> vm.replayFps().get()));
    }

    @Test
    void aFailedStartSaysWhyAndStartStaysUsable() throws Exception {
        open(Settings.empty());
        run(() -> vm.source().set(""));
        run(vm::toggleCapture);
        assertEquals("Type or pick a source first, e.g. folder:/path/to/images or usb:0.", onFx(() -> vm.message().get()));
        run(() -> vm.switchTo("bogus"));
        await(() -> vm.message().get().contains("not a source name"), "failure shown");
        assertTrue(onFx(() -> vm.liveMessage().get()).startsWith("Not started: 'bogus' is not a source name"));
        assertFalse(onFx(() -> vm.controlBusy().get()), "Start can be pressed again");
        assertEquals("Start  F5", onFx(() -> vm.startStopText().get()));
        assertEquals(Optional.empty(), onFx(() -> vm.verdict().get()), "IDLE");
        assertTrue(onFx(() -> vm.messageProblem().get()));
        assertFalse(workstation.capturing());
    }

    @Test
    void anErrorIsDescribedForTheOperatorWithoutAStackTrace() {
        String text = InspectViewModel.describe(new ExceptionInInitializerError(new UnsatisfiedLinkError("no jniavcodec in java.library.path")));
        assertTrue(text.startsWith("Failed unexpectedly (ExceptionInInitializerError, caused by UnsatisfiedLinkError: no jniavcodec"), text);
        assertTrue(text.contains("the log has the details"), text);
        assertFalse(text.contains("\tat "), text);
        assertEquals("Camera gone. Plug it in.", InspectViewModel.describe(new CaptureException("Camera gone. Plug it in.")));
    }

    @Test
    void switchingSourcesRestartsOnlyForANewSourceAndRemembersIt() throws Exception {
        String first = replaySpec(4);
        open(Settings.empty().with(Settings.SOURCE, first));
        run(vm::toggleCapture);
        await(() -> workstation.pump().map(p -> p.source().equals(first)).orElse(false) && !vm.controlBusy().get(), "first");
        await(() -> first.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), "remembered at once");
        var running = workstation.pump().orElseThrow();
        run(() -> vm.switchTo(first));
        run(() -> vm.switchTo("   "));
        assertSame(running, workstation.pump().orElseThrow(), "the running source is not restarted");
        assertEquals(4.0, onFx(() -> vm.replayFps().get()));
        run(() -> vm.setReplayFps(8));
        assertEquals(8.0, workstation.pump().orElseThrow().replayFps().orElseThrow());

        String second = "folder:" + replay + "?fps=500"; // faster than a camera: shown as it runs
        run(() -> vm.source().set(second));
        run(() -> vm.switchTo(second));
        await(() -> workstation.pump().map(p -> p.source().equals(second)).orElse(false) && !vm.controlBusy().get(), "second");
        await(() -> vm.replayFps().get() == 500.0, "the control follows the new replay");
        assertEquals(List.of(second, first), onFx(() -> new ArrayList<>(vm.sources().subList(0, 2))), "newest first");
        await(() -> second.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), "second remembered");
        assertEquals(second + "\n" + first + "\n" + workstation.recipe().source(),
                Settings.load(settingsFile).get(InspectViewModel.RECENT_SOURCES).orElseThrow());

        run(vm::toggleCapture);
        await(() -> !workstation.capturing() && vm.liveMessage().get().equals("Stopped. Press Start (F5) to go on."), "stopped");
        assertEquals("Start  F5", onFx(() -> vm.startStopText().get()));
        assertFalse(onFx(() -> vm.replayEnabled().get()), "no rate to set while stopped");
    }

    @Test
    void cameraSettingsAnOlderVersionRememberedAreUsedForThisSessionAndNamed() throws Exception {
        String legacy = "gige://legacy-cam?width=999&trigger=off";
        open(Settings.empty().with(Settings.SOURCE, legacy));
        assertEquals("gige://legacy-cam", onFx(() -> vm.source().get()), "the camera is remembered without settings");
        assertTrue(workstation.hasSessionCamera("gige://legacy-cam"));
        Map<String, String> running = workstation.cameraSettings("gige://legacy-cam");
        assertEquals("999", running.get("width"), running.toString());
        assertEquals("off", running.get("trigger"), running.toString());
        String notice = messageAtStart;
        assertTrue(notice.contains("(width=999, trigger=off) are used for this session only") && notice.contains("Save to recipe"), notice);
        await(() -> legacy.equals(Settings.load(settingsFile).get(Settings.SOURCE_LEGACY).orElse("")), "kept for later");

        // the notice comes back whenever no other message is shown
        run(() -> vm.switchTo("bogus"));
        await(() -> vm.message().get().contains("not a source name"), "failure shown");
        run(() -> vm.switchTo("gige://legacy-cam"));
        await(() -> workstation.capturing() && vm.message().get().contains("previous Kensa version")
                && !vm.messageProblem().get(), "notice again, as a notice");
        // the capture thread opens the camera after the start returns
        await(() -> opened.get(opened.size() - 1).startsWith("gige://legacy-cam"), "the legacy camera opened");
        assertTrue(opened.get(opened.size() - 1).contains("width=999"), opened.toString());
    }

    @Test
    void legacyCameraSettingsAreDroppedWhenAnotherSourceWasPickedSince() throws Exception {
        open(Settings.empty().with(Settings.SOURCE, replaySpec(4)).with(Settings.SOURCE_LEGACY, "gige://old-cam?width=640"));
        assertFalse(workstation.hasSessionCamera("gige://old-cam"));
        assertEquals("", messageAtStart, "no notice for settings of a camera no longer in use");
        await(() -> Files.exists(settingsFile) && Settings.load(settingsFile).get(Settings.SOURCE_LEGACY).isEmpty()
                && Settings.load(settingsFile).get(Settings.SOURCE).isPresent(), "dropped from the file");
    }

    @Test
    void cameraSettingsFlowCancelSessionOnlySaveToRecipeAndAFailedSave() throws Exception {
        open(Settings.empty().with(Settings.SOURCE, replaySpec(4)));
        AtomicReference<Optional<CameraSettingsDialog.Choice>> answer = new AtomicReference<>(Optional.empty());
        List<InspectViewModel.CameraRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        vm.cameraDialog(r -> {
            asked.add(r);
            return answer.get();
        });
        run(vm::editCamera);
        assertTrue(onFx(() -> vm.message().get()).startsWith("Camera settings are for cameras: type or pick usb:0"));
        assertTrue(asked.isEmpty());

        // cancelled while running: the camera runs again as before
        run(() -> vm.start(CAMERA));
        await(() -> workstation.capturing() && !vm.controlBusy().get(), "camera running");
        run(vm::editCamera);
        await(() -> asked.size() == 1 && workstation.capturing() && !vm.controlBusy().get(), "restarted after cancel");
        assertEquals(CAMERA, asked.get(0).camera());
        assertEquals("Stop  F5", onFx(() -> vm.startStopText().get()));

        // this session only
        answer.set(Optional.of(new CameraSettingsDialog.Choice(CAMERA, Map.of("exposure", "5000"), false)));
        run(vm::editCamera);
        await(() -> asked.size() == 2 && workstation.capturing() && !vm.controlBusy().get()
                && opened.get(opened.size() - 1).contains("exposure=5000"), "running with the session's settings");
        assertTrue(workstation.hasSessionCamera(CAMERA));
        run(vm::refreshStatus);
        assertTrue(onFx(() -> vm.statusBar().captureStatus().get()).contains("camera settings for this session only"));
        assertEquals(1, workstation.recipe().version(), "nothing saved");

        // an inspector may not change the recipe: told so, nothing saved, the camera stays stopped
        answer.set(Optional.of(new CameraSettingsDialog.Choice(CAMERA, Map.of("exposure", "7000"), true)));
        run(vm::editCamera);
        await(() -> vm.message().get().startsWith("Camera settings not saved to the recipe: "), "failure shown");
        assertTrue(onFx(() -> vm.message().get()).contains("may not edit recipes"), onFx(() -> vm.message().get()));
        assertEquals("Camera settings not saved. Open Camera settings again, or press Start (F5).", onFx(() -> vm.liveMessage().get()));
        assertFalse(workstation.capturing());
        RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(workstation.home()), java.time.Clock.systemUTC());
        assertFalse(versions.hasDraft(workstation.recipe().name()));

        // QA saves to the recipe's draft: used here at once, the line's version unchanged until published
        run(() -> vm.operator().set(QA));
        run(vm::editCamera);
        await(() -> vm.statusBar().statusText().get().startsWith("Camera settings saved to the draft of recipe") && workstation.capturing()
                && !vm.controlBusy().get(), "saved and restarted");
        assertTrue(onFx(() -> vm.statusBar().statusText().get()).contains("the line stays on v1 until QA publishes the draft"),
                onFx(() -> vm.statusBar().statusText().get()));
        assertEquals(1, workstation.recipe().version());
        assertTrue(onFx(() -> vm.recipeText().get()).endsWith("(v1)"));
        assertTrue(workstation.hasSessionCamera(CAMERA), "this station runs with the draft's settings");
        assertEquals("7000", versions.current(workstation.recipe().name()).camera().get("exposure"));
        assertEquals(1, versions.history(workstation.recipe().name()).size(), "no version until QA publishes");
    }

    @Test
    void aBurstOfOverlayChangesIsWrittenOnce() throws Exception {
        open(Settings.empty().with(Settings.SOURCE, replaySpec(4)));
        assertEquals(0, saver.ran.get(), "nothing to write at start");
        run(() -> {
            vm.overlay().opacity().set(0.3);
            vm.overlay().opacity().set(0.4);
            vm.overlay().opacity().set(0.8);
            vm.overlay().colours().set(io.kensa.detect.ColourMap.values()[1]);
            vm.overlay().divider().set(0.5);
        });
        await(() -> Files.exists(settingsFile) && "0.80".equals(Settings.load(settingsFile).get(OverlayViewModel.OPACITY).orElse("")),
                "written");
        await(() -> saver.getQueue().isEmpty() && saver.getActiveCount() == 0, "nothing pending");
        assertEquals(1, saver.ran.get(), "one write for the burst");
        Settings written = Settings.load(settingsFile);
        assertEquals("0.500", written.get(OverlayViewModel.DIVIDER).orElseThrow());
        assertEquals(io.kensa.detect.ColourMap.values()[1].name(), written.get(OverlayViewModel.COLOURS).orElseThrow());
        assertEquals("true", written.get(OverlayViewModel.HEATMAP).orElseThrow());
    }

    /** The settings thread, counting the writes that ran (a cancelled, superseded write never runs). */
    private static final class CountingScheduler extends ScheduledThreadPoolExecutor {
        final AtomicInteger ran = new AtomicInteger();

        CountingScheduler() {
            super(1);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            ran.incrementAndGet();
        }
    }

    /** A camera without hardware: the shipped demo image, 20 times a second. */
    private static final class TestCamera implements FrameSource {
        private final String spec;
        private BufferedImage image;
        private long n;

        TestCamera(String spec) {
            this.spec = spec;
        }

        @Override
        public String spec() {
            return spec;
        }

        @Override
        public void open() throws CaptureException {
            try {
                image = ImageIO.read(ShippedResources.demoBottle().resolve("test/good/000.png").toFile());
            } catch (java.io.IOException e) {
                throw new CaptureException("test camera: " + e.getMessage());
            }
            opened.add(spec);
        }

        @Override
        public Frame grab() throws CaptureException {
            try {
                Thread.sleep(50); // a frame is due every 50 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptureException("stopped");
            }
            return new Frame(++n, Instant.now(), spec, "frame " + n, image);
        }

        @Override
        public void close() {}
    }
}
