package io.kensa.inspect;

import io.kensa.capture.gige.CameraDiscovery;
import io.kensa.cam.CamBackbone;
import io.kensa.cam.CamException;
import io.kensa.cam.Classifier;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.EngineInfo;
import io.kensa.llm.ApiKeys;
import io.kensa.llm.EndpointProbe;
import io.kensa.llm.ExplainerSetupException;
import io.kensa.llm.LlmSettings;
import io.kensa.store.StoreException;
import io.kensa.store.StoreHealth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code kensa doctor}: checks what a station needs — Java, JavaFX, the engine and device, libtorch, cameras, the
 * database, the LLM endpoint, disk space — each as OK / WARN / FAIL with a detail and, for a problem, what to do.
 */
public final class Doctor {
    /** A check's verdict: FAIL means something the station needs is missing. */
    public enum Status { OK, WARN, FAIL }

    /** One line of the report; {@code fix} is empty when there is nothing to do. */
    public record Check(String name, Status status, String detail, String fix) {}

    /** All checks; {@code ok} is false when any check failed. */
    public record Report(String home, List<Check> checks, boolean ok) {
        public Report {
            checks = List.copyOf(checks);
        }
    }

    /** What to check: model loading (a few seconds) and camera discovery (a network broadcast) can be skipped. */
    public record Options(boolean skipModel, boolean skipCameras, long minFreeBytes, Duration llmTimeout) {
        public static Options defaults() {
            return new Options(false, false, 2L * 1024 * 1024 * 1024, Duration.ofSeconds(5));
        }
    }

    private final KensaHome home;
    private final Map<String, String> env;
    private final Options options;

    public Doctor(KensaHome home, Map<String, String> env, Options options) {
        this.home = home;
        this.env = Map.copyOf(env);
        this.options = options;
    }

    public Report run() {
        Settings settings = Files.isRegularFile(settingsFile()) ? Settings.load(settingsFile()) : Settings.empty();
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(javaFx());
        checks.addAll(engine(settings));
        checks.addAll(cameras());
        checks.add(database(settings));
        checks.add(llm());
        checks.add(disk());
        boolean ok = checks.stream().noneMatch(c -> c.status() == Status.FAIL);
        return new Report(home.root().toString(), checks, ok);
    }

    private static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail, "");
    }

    static Check java() {
        String version = System.getProperty("java.version");
        String vendor = System.getProperty("java.vendor");
        String detail = "Java " + version + " (" + vendor + ", " + System.getProperty("java.vm.name") + ")";
        return Runtime.version().feature() >= 17 ? ok("java", detail)
                : new Check("java", Status.FAIL, detail, "Install JDK 17 or newer (sudo apt-get install -y openjdk-17-jdk).");
    }

    /** Loads JavaFX classes by name only: no toolkit is started, so this works without a display. */
    static Check javaFx() {
        try {
            Class.forName("javafx.application.Platform", false, Doctor.class.getClassLoader());
            String version = "unknown version";
            try {
                Class<?> info = Class.forName("com.sun.javafx.runtime.VersionInfo");
                version = String.valueOf(info.getMethod("getRuntimeVersion").invoke(null));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // the class is internal; its absence only costs the version number
            }
            return ok("javafx", "JavaFX " + version + " on the class path (toolkit not started)");
        } catch (ClassNotFoundException | LinkageError e) {
            return new Check("javafx", Status.FAIL, "JavaFX is not on the class path: the window cannot open",
                    "Start Kensa with app/kensa or the installed launcher (they put target/lib on the class path).");
        }
    }

    private List<Check> engine(Settings settings) {
        List<Check> checks = new ArrayList<>();
        EngineInfo info;
        try {
            info = EngineInfo.probe();
        } catch (DetectException e) {
            checks.add(new Check("engine", Status.FAIL, e.getMessage(),
                    "Reinstall Kensa or delete the DJL cache folder (DJL_CACHE_DIR) so libtorch is unpacked again."));
            return checks;
        }
        checks.add(ok("engine", "DJL " + info.djlVersion() + ", " + info.engine() + " engine; CUDA GPUs seen: "
                + info.cudaGpus() + (info.cudaGpus() == 0 ? " (CPU libtorch or no NVIDIA driver)" : "")));
        checks.add(ok("libtorch", "libtorch " + info.libtorchVersion() + " at " + info.libtorchPath()));
        String requestedText = settings.get(Settings.DEVICE, "auto");
        DeviceSetting requested;
        try {
            requested = DeviceSetting.parse(requestedText);
        } catch (DetectException e) {
            checks.add(new Check("device", Status.FAIL, e.getMessage(),
                    "Set compute.device to auto, cpu or gpu (Settings tab or " + settingsFile() + ")."));
            return checks;
        }
        if (options.skipModel()) {
            checks.add(new Check("device", Status.WARN, "requested " + name(requested) + "; backbone not loaded (--skip-model),"
                    + " so the device actually used was not checked", "Run kensa doctor without --skip-model."));
            return checks;
        }
        try (Backbone backbone = Backbone.shipped(requested)) {
            checks.add(devices(requested, info, backbone));
        } catch (DetectException e) {
            checks.add(new Check("device", Status.FAIL, "requested " + name(requested) + ": " + e.getMessage(),
                    requested == DeviceSetting.GPU ? "Install the CUDA libtorch (docs/gpu.md) or set the device to auto."
                            : "Restore the shipped resources/models folder (reinstall Kensa)."));
        }
        return checks;
    }

    /**
     * Each model asked where it runs: the detector's backbone, the demo recipe's classifier head on it, and the
     * backbone's Grad-CAM twin (a model of its own).
     */
    private static Check devices(DeviceSetting requested, EngineInfo info, Backbone backbone) {
        String detector = "requested " + name(requested) + "; detector " + ComputeDevices.name(backbone.device());
        try (CamBackbone twin = CamBackbone.load(ShippedResources.mobilenetV2().resolve("backbone.json"), backbone)) {
            Classifier classifier = Classifier.load(ShippedResources.resolve("recipes/bottle/classifier.json"), backbone);
            ComputeDevices devices = new ComputeDevices(backbone.device(), Optional.of(classifier.device()),
                    Optional.of(twin.device()));
            String detail = "requested " + name(requested) + "; " + devices.describe();
            boolean fellBack = requested == DeviceSetting.AUTO && info.cudaGpus() > 0 && devices.detector().startsWith("cpu");
            return fellBack ? new Check("device", Status.WARN, detail, "See docs/gpu.md.") : ok("device", detail);
        } catch (CamException e) {
            return new Check("device", Status.WARN, detector + "; classifier and Grad-CAM not checked: " + e.getMessage(),
                    "Restore the shipped resources folder (reinstall Kensa); the detector works without them.");
        }
    }

    /** The settings file, without creating the data folder (doctor creates nothing). */
    private Path settingsFile() {
        return home.root().resolve("settings.properties");
    }

    private static String name(DeviceSetting d) {
        return d.name().toLowerCase(java.util.Locale.ROOT);
    }

    private List<Check> cameras() {
        if (options.skipCameras()) {
            return List.of(new Check("cameras", Status.WARN, "not listed (--skip-cameras)", "Run kensa doctor without --skip-cameras."));
        }
        CameraDiscovery.Result found = CameraDiscovery.findAll();
        List<String> usb = found.cameras().stream().filter(c -> c.kind().toLowerCase(java.util.Locale.ROOT).contains("usb")
                && !c.spec().startsWith("gige")).map(c -> c.spec()).toList();
        List<String> vision = found.cameras().stream().filter(c -> !usb.contains(c.spec())).map(c -> c.spec()).toList();
        List<Check> checks = new ArrayList<>();
        checks.add(usb.isEmpty() ? new Check("usb cameras", Status.WARN, "none found",
                "Plug the camera in; check ls /dev/video* and that this user is in the 'video' group. Replays need none.")
                : ok("usb cameras", String.join(", ", usb)));
        Optional<String> aravisMissing = found.problems().stream().filter(p -> p.contains("Aravis")).findFirst();
        if (aravisMissing.isPresent()) {
            checks.add(new Check("gige cameras", Status.WARN, "Aravis library not installed: GigE/USB3 Vision cameras cannot be used",
                    "sudo apt-get install -y libaravis-0.8-0 (only needed for GigE Vision / USB3 Vision cameras)."));
        } else {
            checks.add(vision.isEmpty() ? new Check("gige cameras", Status.WARN, "Aravis present; no camera answered discovery",
                    "Check the camera's power and network (same subnet, firewall allows GVCP UDP 3956).")
                    : ok("gige cameras", "Aravis present; " + String.join(", ", vision)));
        }
        return checks;
    }

    /** Read-only: the schema version is read, the database is never created, migrated or written (see StoreHealth). */
    private Check database(Settings settings) {
        Optional<String> url = settings.get(Settings.DATABASE_URL).map(String::strip).filter(s -> !s.isEmpty());
        Path h2 = home.root().resolve("db");
        if (url.isEmpty() && !StoreHealth.h2Exists(h2)) {
            return new Check("database", Status.WARN, "no database at " + h2.resolve("kensa.mv.db") + " (none was created)",
                    "A new station: nothing to do, the workstation creates it on its first start. A station that has "
                            + "recorded inspections: its data folder is elsewhere; pass --home or set KENSA_HOME.");
        }
        StoreHealth health;
        try {
            health = url.isPresent()
                    ? StoreHealth.check(url.get(), settings.get(SettingsForm.DATABASE_USER, ""), env.getOrDefault("KENSA_DB_PASSWORD", ""))
                    : StoreHealth.checkFile(h2);
        } catch (StoreHealth.InUse e) {
            return new Check("database", Status.WARN, e.getMessage(), "Nothing to do while the workstation runs; to "
                    + "check the schema version, run kensa doctor again with the workstation closed.");
        } catch (StoreException e) {
            return new Check("database", Status.FAIL, e.getMessage(), url.isPresent()
                    ? "Check database.url/database.user in " + settingsFile() + ", KENSA_DB_PASSWORD, and that the server is running."
                    : "Close the other Kensa using this data folder, or check the folder is readable.");
        }
        String detail = health.database() + ", schema version " + health.schemaVersion() + " (this build: "
                + health.shippedVersion() + ")";
        if (health.schemaVersion() == 0) {
            return new Check("database", Status.WARN, detail + ": no Kensa tables yet",
                    "Start the workstation once to create them (doctor changes nothing).");
        }
        if (health.newer()) {
            return new Check("database", Status.FAIL, detail + ": written by a newer Kensa, this build cannot open it",
                    "Update Kensa on this station to the version the other stations run.");
        }
        if (health.older()) {
            return new Check("database", Status.WARN, detail + ": older than this build",
                    "Start the workstation once to upgrade it (a copy is saved first; doctor changes nothing).");
        }
        return ok("database", detail);
    }

    private Check llm() {
        LlmSettings llm;
        try {
            llm = LlmSettings.fromProperties(properties(settingsFile()));
            String envUrl = env.get("KENSA_LLM_BASE_URL");
            if (envUrl != null && !envUrl.isBlank()) {
                llm = llm.withEndpoint(envUrl.strip(), env.getOrDefault("KENSA_LLM_MODEL", llm.model()));
            }
        } catch (IOException | RuntimeException e) {
            return new Check("llm", Status.FAIL, "The LLM settings cannot be read: " + e.getMessage(),
                    "Fix the llm.* lines in " + settingsFile() + " or save them again in the Settings tab.");
        }
        if (llm.offline()) {
            return ok("llm", "no endpoint configured: the offline rule-based explainer describes findings (not an LLM)");
        }
        Optional<String> key;
        try {
            key = ApiKeys.resolve(llm, env, home.root());
        } catch (ExplainerSetupException e) {
            return new Check("llm", Status.FAIL, e.getMessage(), "chmod 600 the key file, or set the key again in Settings.");
        }
        return withoutKey(probe(llm, key), key);
    }

    /** A last guard: whatever a server or the JDK put in a message, the key itself is never shown. */
    private static Check withoutKey(Check c, Optional<String> key) {
        if (key.isEmpty() || key.get().isEmpty()) {
            return c;
        }
        String k = key.get();
        return new Check(c.name(), c.status(), c.detail().replace(k, "REDACTED"), c.fix().replace(k, "REDACTED"));
    }

    private Check probe(LlmSettings llm, Optional<String> key) {
        EndpointProbe.Result r = EndpointProbe.probe(llm.baseUrl().get(), key, options.llmTimeout());
        String keyText = key.isPresent() ? "key set" : "no key";
        if (!r.reachable()) {
            return new Check("llm", Status.FAIL, r.detail() + " (" + keyText + ")",
                    "Start the LLM server or fix llm.baseUrl; until then cases are explained offline.");
        }
        if (r.status() == 401 || r.status() == 403) {
            return new Check("llm", Status.FAIL, r.detail() + " (" + keyText + "): the key was refused",
                    "Set a valid key in Settings or " + String.join("/", ApiKeys.environmentVariables(llm)) + ".");
        }
        return r.status() < 400 ? ok("llm", r.detail() + ", model " + llm.model() + " (" + keyText + ")")
                : new Check("llm", Status.WARN, r.detail() + " (" + keyText + ")",
                        "The server answers but not /models; check llm.baseUrl ends in /v1 (explanations may still work).");
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    private Check disk() {
        Path probe = home.root();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return new Check("disk", Status.FAIL, "no existing folder on the path of " + home.root(), "Set KENSA_HOME to a writable folder.");
        }
        try {
            long free = Files.getFileStore(probe).getUsableSpace();
            String detail = gib(free) + " free for the data folder " + home.root();
            if (free < options.minFreeBytes()) {
                return new Check("disk", Status.WARN, detail + " (below " + gib(options.minFreeBytes()) + ")",
                        "Free space or move the data folder (KENSA_HOME): images and snapshots need room.");
            }
            return ok("disk", detail);
        } catch (IOException e) {
            return new Check("disk", Status.WARN, "free space unknown: " + e.getMessage(), "Check the disk of " + home.root() + ".");
        }
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
