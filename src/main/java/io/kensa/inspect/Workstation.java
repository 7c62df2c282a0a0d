package io.kensa.inspect;

import io.kensa.cam.CamException;
import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import io.kensa.capture.FramePump;
import io.kensa.capture.FrameSlot;
import io.kensa.capture.SourceSpec;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.PatchCoreModel;
import io.kensa.llm.Explainer;
import io.kensa.llm.ExplainerSetupException;
import io.kensa.llm.Explainers;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptProfiles;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.RecipeVersion;
import io.kensa.model.Operator;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import io.kensa.store.AuditTrail;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import io.kensa.store.StoreException;
import io.kensa.util.Threads;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running workstation, the one object the window (or a headless caller) talks to: it opens the database and
 * the recipe, gets the detector ready in the background, runs capture → detection → desk, and closes it all.
 * It refuses to start without a working database: inspecting without recording is not allowed.
 */
public final class Workstation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workstation.class);

    private final KensaHome home;
    private volatile Recipe recipe;
    /** Who published the running version and when, for the inspector's status line. */
    private volatile RecipeVersion liveVersion;
    /** Camera settings for this run only, by camera ({@link #cameraOnly}); they win over the recipe's. */
    private final Map<String, Map<String, String>> sessionCamera = new java.util.concurrent.ConcurrentHashMap<>();
    private final Database database;
    private final InspectionStore store;
    private volatile LoadedProfile profile;
    private volatile Explainer explainer;
    private volatile Settings settings;
    private final CaseDesk desk;
    private final WorkstationListener listener;
    private volatile AtomicBoolean cancelModel = new AtomicBoolean();
    private volatile Thread modelThread;
    private volatile Backbone backbone;
    private volatile PatchCoreModel model;
    private volatile Optional<FrameClassifier> classifier = Optional.empty();
    private volatile Optional<CamWorker> cams = Optional.empty();
    /** loading and swapping the classifier (at start, and when QA publishes one) */
    private final Object classifierLock = new Object();
    private volatile String modelState = "loading the backbone";
    private volatile FramePump pump;
    private volatile FrameSlot display;
    private volatile DetectionWorker worker;
    private boolean closed;

    private Workstation(KensaHome home, Settings settings, Recipe recipe, Database database, InspectionStore store,
                        LoadedProfile profile, Explainer explainer, WorkstationListener listener) {
        this.settings = settings;
        this.home = home;
        this.recipe = recipe;
        this.liveVersion = versionOf(home, recipe);
        this.database = database;
        this.store = store;
        this.profile = profile;
        this.explainer = explainer;
        this.listener = listener;
        this.desk = new CaseDesk(store, () -> this.explainer, () -> this.profile, recipe.name(), recipe.version(),
                recipe.gate().queueCapacity(), listener::desk);
    }

    /** Opens everything but the camera; the detector model gets ready in the background (see the listener). */
    public static Workstation open(KensaHome home, Settings settings, WorkstationListener listener)
            throws WorkstationException {
        Database database = null;
        InspectionStore store = null;
        try {
            Recipe recipe = new Recipes(home).load(settings.get(Settings.RECIPE, Recipes.DEMO));
            database = settings.get(Settings.DATABASE_URL).isPresent()
                    ? Database.open(settings.get(Settings.DATABASE_URL).get(), settings.get(SettingsForm.DATABASE_USER, ""),
                            System.getenv().getOrDefault("KENSA_DB_PASSWORD", ""))
                    : Database.openFile(home.database());
            store = InspectionStore.open(database, home.images(), AuditTrail.headLogIn(home.root()), station(settings));
            // the profile in the recipe folder is stored as a version; an edited file becomes a new version
            ProfileDocument saved = new PromptProfileStore(database, home.root()).save(
                    PromptProfiles.read(recipe.promptProfile()), "recipe " + recipe.name());
            LoadedProfile profile = LoadedProfile.load(saved, recipe.folder());
            Explainer explainer = Explainers.create(llmSettings(settings, recipe), home.root());
            Workstation w = new Workstation(home, settings, recipe, database, store, profile, explainer, listener);
            w.prepareDetector();
            return w;
        } catch (RecipeException | StoreException | ProfileException | ExplainerSetupException | RuntimeException e) {
            // RuntimeException: an unwritable data folder (UncheckedIOException), a malformed llm.* setting …
            if (store != null) {
                store.close();
            }
            if (database != null) {
                database.close();
            }
            throw new WorkstationException(e.getMessage(), e);
        }
    }

    static LlmSettings llmSettings(Settings settings, Recipe recipe) {
        Properties p = new Properties();
        settings.values().forEach(p::setProperty);
        p.putIfAbsent("llm.gate.bandBelowThreshold", String.valueOf(recipe.gate().bandBelowThreshold()));
        // the environment wins, so a service file or a shell can point a station at an endpoint
        Map<String, String> env = System.getenv();
        Optional.ofNullable(env.get("KENSA_LLM_BASE_URL")).ifPresent(v -> p.setProperty("llm.baseUrl", v));
        Optional.ofNullable(env.get("KENSA_LLM_MODEL")).ifPresent(v -> p.setProperty("llm.model", v));
        return LlmSettings.fromProperties(p);
    }

    private static String station(Settings settings) {
        return settings.get(Settings.STATION).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "station-1";
            }
        });
    }

    /** Loads or trains the recipe's model in the background (again after a cancel or a failure). */
    public synchronized void prepareDetector() {
        if (modelThread != null && modelThread.isAlive()) {
            return;
        }
        AtomicBoolean cancel = new AtomicBoolean();
        cancelModel = cancel;
        modelThread = Threads.daemon("kensa-model", () -> prepareModel(cancel));
        modelThread.start();
    }

    /** Stops loading or training the model; the detector stays unavailable until {@link #prepareDetector()}. */
    public void cancelDetectorPreparation() {
        cancelModel.set(true);
    }

    private Path descriptorFile() throws DetectException {
        return descriptorFile(home, recipe);
    }

    /** The descriptor of a recipe's backbone: in the recipe folder, the station's backbones, or the shipped models. */
    public static Path descriptorFile(KensaHome home, Recipe recipe) throws DetectException {
        return Backbone.find(recipe.detector().backbone(),
                List.of(recipe.folder(), home.dir("backbones"), ShippedResources.resolve("models")));
    }

    private void prepareModel(AtomicBoolean cancelled) {
        try {
            listener.model(0, "Loading the backbone (first start unpacks libtorch, ~430 MB)…", false);
            if (backbone == null) {
                // the station's device setting wins over the recipe's (a recipe travels between stations)
                backbone = Backbone.load(descriptorFile(), DeviceSetting.parse(settings.get(Settings.DEVICE, recipe.detector().device())));
            }
            model = DetectorModels.prepare(recipe, backbone, home, (fraction, message) -> {
                modelState = message;
                listener.model(fraction, message, false);
            }, cancelled::get);
            loadClassifier(descriptorFile());
            modelState = "ready";
            listener.model(1, "Detector ready on " + backbone.device() + " (threshold "
                    + String.format("%.3f", model.calibration().imageThreshold()) + ")", true);
            FramePump running = pump;
            if (running != null) {
                attachWorker(running);
            }
        } catch (java.util.concurrent.CancellationException e) {
            modelState = "cancelled";
            listener.model(1, "Detector preparation cancelled. Press Prepare detector to start it again.", true);
        } catch (DetectException | RuntimeException e) {
            modelState = "failed";
            LOG.warn("Detector not available", e);
            listener.model(1, "Detector not available: " + e.getMessage(), true);
        }
    }

    /**
     * Starts capturing from a source spec ({@code folder:…}, {@code video:…}, {@code usb:0}, {@code gige://…}).
     * A camera runs with the recipe's camera settings, overridden by this session's (see {@link #useCameraForSession});
     * settings written in the spec itself (e.g. typed into the source picker) become this session's settings.
     */
    public synchronized void startCapture(String spec) throws CaptureException {
        stopCapture();
        CameraSettingsMerge merge = merge(spec);
        FramePump started = FramePump.start(merge.toOpen(), listener::capture);
        if (!merge.typed().isEmpty()) {
            sessionCamera.put(merge.camera(), merge.settings()); // only once the spec proved valid
        }
        display = started.subscribe("display");
        pump = started;
        if (model != null) {
            attachWorker(started);
        }
    }

    /** Recipe ⊕ this session ⊕ typed, for this spec (see {@link CameraSettingsMerge}). */
    private CameraSettingsMerge merge(String spec) {
        return CameraSettingsMerge.of(spec, recipe.camera(), Optional.ofNullable(sessionCamera.get(cameraOnly(spec))));
    }

    /**
     * The camera settings a capture from {@code spec} runs with, as setting keys in order: the recipe's, then this
     * session's for that camera, then the spec's own; only the keys that kind of source takes (all for
     * {@code gige://}; width, height, fps for {@code usb:}; none for replays). The camera settings dialog starts from these.
     */
    public Map<String, String> cameraSettings(String spec) {
        return new LinkedHashMap<>(merge(spec).settings());
    }

    /**
     * Runs this camera with these settings instead of the recipe's until the application ends (nothing is saved);
     * the next start applies them.
     */
    public void useCameraForSession(String spec, Map<String, String> settings) {
        sessionCamera.put(cameraOnly(spec), Collections.unmodifiableMap(CameraSettingsMerge.forSession(spec, settings)));
    }

    /** Whether this camera runs with settings that are not the recipe's (this session only). */
    public boolean hasSessionCamera(String spec) {
        return !sessionCamera.getOrDefault(cameraOnly(spec), Map.of()).isEmpty();
    }

    /**
     * Saves camera settings into the recipe's draft (its {@code camera} map) for QA to publish in the Recipes tab, and
     * uses them on this station for the session meanwhile: the line's recipe, and the version new inspections name,
     * stay as they are until the draft is published. Blocks on the disk: call it off the UI thread.
     *
     * @throws io.kensa.model.PermissionDeniedException when {@code operator} may not edit recipes; nothing is saved
     */
    public synchronized Recipe saveCameraToDraft(Operator operator, String spec, Map<String, String> settings)
            throws WorkstationException {
        try {
            Map<String, String> camera = CameraSettingsMerge.intoRecipe(spec, recipe.camera(), settings);
            Recipe draft = new RecipeVersions(new RecipeWorkspace(home), Clock.systemUTC())
                    .saveCameraToDraft(operator, recipe.name(), camera);
            useCameraForSession(spec, settings);
            LOG.info("Camera settings saved to the draft of recipe {} ({})", draft.name(), draft.folder());
            return draft;
        } catch (RecipeException e) {
            throw new WorkstationException(e.getMessage(), e);
        }
    }

    /**
     * The camera a spec names without its settings ({@code gige://ADDRESS}, {@code usb:0}): what the station
     * remembers as its source, so camera settings live in the recipe. Replays, and specs that do not parse, are
     * returned as given (a replay's {@code fps} belongs to the source). See {@link SourceSpec#cameraOnly()}.
     */
    public static String cameraOnly(String spec) {
        try {
            return SourceSpec.parse(spec).cameraOnly();
        } catch (CaptureException e) {
            return spec.strip();
        }
    }

    /** Whether a spec names a camera ({@code gige://}, {@code usb:}) rather than a replay. */
    public static boolean isCamera(String spec) {
        return SourceSpec.isCamera(spec);
    }

    private synchronized void attachWorker(FramePump running) {
        if (worker != null || running != pump) {
            return;
        }
        worker = new DetectionWorker(running.subscribe("detect"), model.detector(), () -> classifier, this::inspected,
                listener::warning);
    }

    /**
     * A flagged frame is always a case (recorded and decided); the explainer's gate only decides which frames are
     * explained automatically, and its band below the threshold adds borderline frames QA asked to have explained.
     */
    private void inspected(Inspected inspected) {
        if (inspected.detection().anomalous() || explainer.shouldSend(inspected.detection())) {
            desk.offer(inspected);
        }
        cams.ifPresent(c -> c.offer(inspected));
    }

    /**
     * The recipe's defect classifier, when it names one. A classifier that cannot be loaded is said once and the
     * detector runs without it: the anomaly map still judges every part.
     */
    private void loadClassifier(Path descriptor) {
        synchronized (classifierLock) {
            if (recipe.classifier().isEmpty() || classifier.isPresent()) {
                return;
            }
            try {
                swapClassifier(RecipeClassifier.load(recipe, recipe.classifier().get(), descriptor, backbone));
            } catch (CamException | RuntimeException e) {
                LOG.warn("Defect classifier not available", e);
                listener.warning("Defect classifier not available, cases show no classifier class: " + e.getMessage());
            }
        }
    }

    /**
     * Runs the classifier of a recipe version QA just published (Classifier tab) from the next frame on, without a
     * restart; new inspections name that version. Only a version saved on top of the running one is taken this way
     * (it differs from it by its classifier alone); any other runs after a restart, and the sentence says so. Loads
     * the head and its Grad-CAM twin: call it off the UI thread.
     *
     * @return the sentence for the status bars, naming the version now classifying
     * @throws WorkstationException when the published classifier cannot be loaded here; the running one stays
     */
    public String useClassifier(Recipe published) throws WorkstationException {
        synchronized (classifierLock) {
            Recipe running = recipe;
            if (!published.name().equals(running.name()) || published.version() != running.version() + 1
                    || published.classifier().isEmpty()) {
                return "Recipe " + published.name() + " v" + published.version() + " is saved; this station runs "
                        + running.name() + " v" + running.version() + ", so it classifies with the new version after"
                        + " Kensa is restarted.";
            }
            Recipe.ClassifierSettings settings = published.classifier().get();
            String file = settings.file().getFileName().toString();
            Backbone loaded = backbone;
            if (loaded != null) {
                try {
                    swapClassifier(RecipeClassifier.load(published, settings, descriptorFile(), loaded));
                } catch (CamException | DetectException | RuntimeException e) {
                    LOG.warn("Published classifier not loaded", e);
                    throw new WorkstationException("The classifier " + file + " of recipe " + published.name() + " v"
                            + published.version() + " cannot run here (" + e.getMessage() + "); the line keeps"
                            + " classifying with v" + running.version() + ". Restart Kensa once it is fixed.", e);
                }
            }
            recipe = published;
            liveVersion = versionOf(home, published);
            desk.recipeVersion(published.version());
            String status = loaded == null
                    ? "Recipe " + published.name() + " v" + published.version() + " published: its classifier " + file
                            + " loads with the detector; new inspections name v" + published.version() + "."
                    : "Inspect now classifies with recipe " + published.name() + " v" + published.version() + " ("
                            + file + "); new inspections name v" + published.version() + ".";
            LOG.info(status);
            listener.warning(status);
            return status;
        }
    }

    /** The detection thread reads the classifier per frame; the old one is closed after its Grad-CAM thread stopped. */
    private void swapClassifier(RecipeClassifier next) {
        Optional<CamWorker> oldCams = cams;
        Optional<FrameClassifier> old = classifier;
        cams = Optional.of(new CamWorker(next, listener::warning));
        classifier = Optional.of(next);
        oldCams.ifPresent(CamWorker::close);
        old.ifPresent(FrameClassifier::close);
    }

    /** The newest Grad-CAM map of the recipe's classifier, with the frame it explains. */
    public Optional<FrameCam> latestCam() {
        return cams.flatMap(CamWorker::latest);
    }

    /** Whether the recipe's defect classifier is loaded (its class and Grad-CAM map are shown). */
    public boolean hasClassifier() {
        return classifier.isPresent();
    }

    public synchronized void stopCapture() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
        if (pump != null) {
            pump.close();
            pump = null;
            display = null;
        }
    }

    public boolean capturing() {
        return pump != null;
    }

    /** The live view's own slot (latest frame wins), empty while stopped. */
    public Optional<FrameSlot> display() {
        return Optional.ofNullable(display);
    }

    public Optional<Inspected> latestInspected() {
        DetectionWorker w = worker;
        return w == null ? Optional.empty() : w.latest();
    }

    public Optional<FramePump> pump() {
        return Optional.ofNullable(pump);
    }

    public DetectorStats detectorStats() {
        DetectionWorker w = worker;
        ComputeDevices devices = devices();
        return w == null ? new DetectorStats(modelState, 0, 0, 0, devices) : w.stats(modelState, devices);
    }

    /** Where the detector, the recipe's classifier and its Grad-CAM run now (each asked of its own DJL model). */
    public ComputeDevices devices() {
        Backbone b = backbone;
        Optional<FrameClassifier> c = classifier;
        return b == null ? ComputeDevices.NONE
                : new ComputeDevices(b.device(), c.map(FrameClassifier::device), c.map(FrameClassifier::camDevice));
    }

    /** Saves a frame (the one on screen) as a PNG in the data folder's snapshots and returns the file. */
    public Path snapshot(Frame frame) throws IOException {
        Path file = home.snapshots().resolve("snapshot-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + ".png");
        if (!ImageIO.write(frame.image(), "png", file.toFile())) {
            throw new IOException("No PNG writer for this frame's pixel format.");
        }
        return file;
    }

    /** "Send to LLM" for the frame the detector saw last (whatever its score). */
    public boolean sendLatestOnDemand() {
        Optional<Inspected> latest = latestInspected();
        latest.ifPresent(desk::sendOnDemand);
        return latest.isPresent();
    }

    public CaseDesk desk() {
        return desk;
    }

    public Recipe recipe() {
        return recipe;
    }

    /**
     * The folder the station's recipe is in now: a shipped recipe published from the Recipes tab while Kensa runs
     * becomes a station copy, and files written for it (a prompt profile) must go there, never to the installed one.
     */
    public Path recipeFolder() {
        try {
            return new Recipes(home).load(recipe.name()).folder();
        } catch (RecipeException e) {
            return recipe.folder(); // renamed or removed meanwhile: the folder it was loaded from
        }
    }

    /**
     * The recipe version this station runs, with who published it: the one loaded at start (or saved here since). A
     * version published meanwhile in the Recipes tab or by {@code kensa recipe publish} runs after a restart; a
     * classifier published in the Classifier tab runs at once ({@link #useClassifier}).
     */
    public RecipeVersion liveVersion() {
        return liveVersion;
    }

    private static RecipeVersion versionOf(KensaHome home, Recipe recipe) {
        try {
            return new RecipeWorkspace(home).liveVersion(recipe);
        } catch (RecipeException e) {
            // the recipe itself loaded; only its publication note is unreadable
            LOG.warn("Cannot read who published recipe {} v{}: {}", recipe.name(), recipe.version(), e.getMessage());
            return new RecipeVersion(recipe.name(), recipe.version(), recipe.title(), Optional.empty(), true);
        }
    }

    public LoadedProfile profile() {
        return profile;
    }

    /** A prompt profile version QA just saved: cases opened from now on are explained with it. */
    public void useProfile(ProfileDocument saved) throws WorkstationException {
        try {
            profile = LoadedProfile.load(saved, recipe.folder());
            LOG.info("Prompt profile now {} v{}", saved.name(), saved.version());
        } catch (ProfileException e) {
            throw new WorkstationException(e.getMessage(), e);
        }
    }

    public Explainer explainer() {
        return explainer;
    }

    /**
     * Applies changed settings that take effect at once: a new explainer (endpoint, model, key, gate, budget) replaces
     * the old one; explanations already running finish as cancelled and are stored as such.
     */
    public void reconfigure(Settings changed) throws WorkstationException {
        Explainer next;
        try {
            next = Explainers.create(llmSettings(changed, recipe), home.root());
        } catch (ExplainerSetupException | IllegalArgumentException e) {
            throw new WorkstationException(e.getMessage(), e);
        }
        Explainer old = explainer;
        explainer = next;
        settings = changed;
        old.close();
        LOG.info("Explainer now {}", next.describe());
    }

    public InspectionStore store() {
        return store;
    }

    public Database database() {
        return database;
    }

    public KensaHome home() {
        return home;
    }

    /** The backbone once the detector preparation has loaded it (thread-safe for inference; owned here, not closed by callers). */
    public Optional<Backbone> backbone() {
        return Optional.ofNullable(backbone);
    }


    /** Stops capture, lets running explanations end and be stored, then closes the store and the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelModel.set(true);
        stopCapture();
        explainer.close(); // running explanations end as cancelled records …
        desk.close();      // … which the desk stores before it stops
        store.close();
        database.close();
        try {
            Thread preparing = modelThread;
            preparing.join(10_000);
            if (preparing.isAlive()) {
                // never free the backbone under a running forward pass; the process is ending anyway
                LOG.warn("Model preparation still running at close; leaving the backbone to the process exit");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        cams.ifPresent(CamWorker::close);
        classifier.ifPresent(FrameClassifier::close);
        if (backbone != null) {
            backbone.close();
        }
    }
}
