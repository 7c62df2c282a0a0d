package io.kensa.inspect;

import io.kensa.capture.Frame;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.Detection;
import io.kensa.detect.Detector;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.Images;
import io.kensa.detect.LabelledImage;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.Progress;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FaultyLlmServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.FrameCounts;
import io.kensa.store.InspectionStore;
import io.kensa.store.TableLock;
import io.kensa.util.Threads;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kensa bench soak}: the live path (real PatchCore on the shipped bottle frames at full speed → CaseDesk →
 * H2 store → the OpenAI-compatible explainer over HTTP) run for a while under faults: a {@link FaultyLlmServer},
 * database stalls (the audit head locked by a second connection), a full image disk (a small tmpfs filled by a
 * ballast file, then freed), and a detector whose score is NaN on every {@code nonFiniteEvery}-th frame. An inspector
 * thread decides each case as it comes. At the end the books must balance: every flagged frame is in the database,
 * stored or recorded as not stored, and every stored one was decided (or counted as dropped from a full queue).
 */
public final class Soak {
    private static final Logger LOG = LoggerFactory.getLogger(Soak.class);
    private static final Operator INSPECTOR = new Operator("soak", "Soak inspector", Role.INSPECTOR);
    /** How long the end waits for the recorder, the explainer and the inspector to finish the last cases. */
    private static final Duration DRAIN = Duration.ofMinutes(2);

    /**
     * @param duration       how long frames are fed
     * @param home           an empty data folder for this run
     * @param nonFiniteEvery every n-th frame gets a NaN score (0 = never)
     * @param stallEvery     a database stall starts this often …
     * @param stall          … and lasts this long
     * @param diskMegabytes  size of the tmpfs mounted on the image folder (0 = no full-disk fault)
     */
    public record Options(Duration duration, Path home, int nonFiniteEvery, Duration stallEvery, Duration stall,
                          int diskMegabytes) {}

    /**
     * What the process holds: heap in use, live threads, open file descriptors, resident memory, and the JVM's own
     * native memory as Native Memory Tracking counts it (committed; -1 unless run with
     * {@code -XX:NativeMemoryTracking=summary}; libtorch's memory is outside it, but inside resident).
     */
    public record Resources(long heapUsedMb, int threads, long openFiles, long residentMb, long nmtCommittedMb) {
        private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

        static Resources now() {
            Runtime rt = Runtime.getRuntime();
            return new Resources((rt.totalMemory() - rt.freeMemory()) >> 20,
                    ManagementFactory.getThreadMXBean().getThreadCount(), countOpenFiles(), residentKb() >> 10,
                    nmtCommittedKb() >> 10);
        }

        private static long nmtCommittedKb() {
            try {
                Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                        new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
                Matcher m = NMT_TOTAL.matcher(String.valueOf(text));
                return m.find() ? Long.parseLong(m.group(2)) : -1 << 10;
            } catch (Exception e) {
                return -1 << 10;
            }
        }

        private static long countOpenFiles() {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return fds.count();
            } catch (IOException e) {
                return -1;
            }
        }

        private static long residentKb() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }
    }

    /**
     * @param flagged   frames sent to the desk (over the threshold or not finite)
     * @param inDb      the database's count of this station's frames: stored, and recorded as not stored
     * @param decided   decisions made by the inspector thread
     * @param notQueued stored frames the full queue did not show (they are in Review, undecided)
     * @param undecided stored frames still on the desk when the drain time ran out
     * @param disk      how the full disk was made, or why it was not
     */
    public record Report(Duration ran, long frames, long flagged, long nonFinite, FrameCounts inDb, long decided,
                         long notQueued, long undecided, Map<FaultyLlmServer.Fault, Long> llmFaults, long stalls,
                         long diskFullPhases, String disk, Resources start, Resources end) {
        /** Every flagged frame is in the database, and every stored one was decided or counted as not queued. */
        public boolean accounted() {
            return flagged == inDb.flagged() && inDb.recorded() == decided + notQueued + undecided && undecided == 0;
        }
    }

    private Soak() {}

    public static Report run(Options options, Progress progress, BooleanSupplier cancelled) throws Exception {
        Resources start = Resources.now();
        KensaHome home = new KensaHome(options.home());
        Recipe recipe = Recipes.read(ShippedResources.resolve("recipes/" + Recipes.DEMO + "/recipe.json"));
        List<BufferedImage> images = new ArrayList<>();
        for (LabelledImage image : MvtecDataset.open(ShippedResources.demoBottle(), false).test()) {
            images.add(Images.read(image.image()));
        }
        Optional<FullDisk> disk = FullDisk.mount(home.images(), options.diskMegabytes());
        String diskNote = disk.map(FullDisk::describe).orElse(options.diskMegabytes() == 0 ? "off"
                : "not simulated: " + FullDisk.lastProblem);
        try (Backbone backbone = Backbone.load(ShippedResources.mobilenetV2().resolve("backbone.json"),
                     DeviceSetting.parse("cpu"));
             FaultyLlmServer llm = new FaultyLlmServer();
             Database db = Database.openFile(home.database())) {
            PatchCoreModel model = DetectorModels.prepare(recipe, backbone, home, progress.range(0, 0.1), cancelled);
            LoadedProfile profile = LoadedProfile.fromRecipeFolder(recipe.folder());
            AtomicLong stalls = new AtomicLong();
            AtomicLong fullPhases = new AtomicLong();
            AtomicLong decided = new AtomicLong();
            AtomicReference<DeskSnapshot> latest = new AtomicReference<>();
            long frames = 0, flagged = 0, nonFinite = 0;
            long began = System.nanoTime();
            long end = began + options.duration().toNanos();
            try (Explainer explainer = Explainers.create(llmSettings(llm), Map.of("KENSA_LLM_API_KEY", "sk-soak-0123456789"),
                         options.home());
                 InspectionStore store = InspectionStore.open(db, home.images(), "soak-station");
                 Detector real = model.detector()) {
                CaseDesk desk = new CaseDesk(store, () -> explainer, () -> profile, recipe.name(), recipe.version(),
                        recipe.gate().queueCapacity(), latest::set);
                Thread inspector = Threads.daemon("kensa-soak-inspector", () -> decide(desk, latest, decided));
                Thread staller = Threads.daemon("kensa-soak-stall", () -> stall(db, options, stalls));
                Thread filler = Threads.daemon("kensa-soak-disk", () -> disk.ifPresent(d -> d.cycle(fullPhases)));
                inspector.start();
                staller.start();
                filler.start();
                try {
                    while (System.nanoTime() < end && !cancelled.getAsBoolean()) {
                        BufferedImage image = images.get((int) (frames % images.size()));
                        Detection d = real.detect(image);
                        frames++;
                        if (options.nonFiniteEvery() > 0 && frames % options.nonFiniteEvery() == 0) {
                            d = notFinite(d);
                            nonFinite++;
                        }
                        if (d.anomalous()) {
                            flagged++;
                            desk.offer(new Inspected(new Frame(frames, Instant.now(), "soak:bottle", "frame " + frames,
                                    image), d, Optional.empty()));
                        }
                        progress.update(0.1 + 0.85 * (System.nanoTime() - began) / options.duration().toNanos(),
                                frames + " frames, " + flagged + " flagged, " + decided.get() + " decided");
                    }
                } finally {
                    staller.interrupt();
                    filler.interrupt();
                    Threads.stop(staller, 10_000);
                    Threads.stop(filler, 10_000);
                    disk.ifPresent(FullDisk::free);
                }
                Duration ran = Duration.ofNanos(System.nanoTime() - began);
                progress.update(0.95, "draining the desk");
                long drainEnd = System.nanoTime() + DRAIN.toNanos();
                while (System.nanoTime() < drainEnd && !drained(latest.get())) {
                    Thread.sleep(200);
                }
                inspector.interrupt();
                Threads.stop(inspector, 10_000);
                desk.close();
                DeskSnapshot last = latest.get();
                long undecided = last == null ? 0 : last.waiting() + (last.current().isPresent() ? 1 : 0);
                long notQueued = last == null ? 0 : last.notQueued();
                FrameCounts inDb = store.frameCounts();
                return new Report(ran, frames, flagged, nonFinite, inDb, decided.get(), notQueued, undecided,
                        llm.served(), stalls.get(), fullPhases.get(), diskNote, start, Resources.now());
            }
        } finally {
            disk.ifPresent(FullDisk::close);
        }
    }

    private static boolean drained(DeskSnapshot s) {
        return s != null && s.current().isEmpty() && s.waiting() == 0;
    }

    /** The inspector: decides the current case once its explanation is done, or after 2 s without one. */
    private static void decide(CaseDesk desk, AtomicReference<DeskSnapshot> latest, AtomicLong decided) {
        long shownSince = System.nanoTime();
        long shown = -1;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<Case> current = Optional.ofNullable(latest.get()).flatMap(DeskSnapshot::current);
                if (current.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                if (current.get().number() != shown) {
                    shown = current.get().number();
                    shownSince = System.nanoTime();
                }
                if (current.get().explaining() && System.nanoTime() - shownSince < TimeUnit.SECONDS.toNanos(2)) {
                    Thread.sleep(20);
                    continue;
                }
                desk.override(shown, INSPECTOR, "broken_large", Severity.DEFECT, "soak").get(60, TimeUnit.SECONDS);
                decided.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the database stalled or the case moved on: the case stays on the desk, try again
                LOG.debug("soak decision not taken: {}", e.toString());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private static void stall(Database db, Options options, AtomicLong stalls) {
        if (options.stall().isZero()) {
            return;
        }
        try {
            while (true) {
                Thread.sleep(options.stallEvery().toMillis());
                TableLock.holdAuditHead(db, options.stall());
                stalls.incrementAndGet();
            }
        } catch (InterruptedException e) {
            // the soak is over
        } catch (Exception e) {
            LOG.warn("The database stall stopped: {}", e.getMessage());
        }
    }

    /** The same detection with a NaN score: what a damaged model gives. */
    private static Detection notFinite(Detection d) {
        return new Detection(Double.NaN, d.threshold(), d.map(), d.colourLow(), d.colourHigh(), d.regions(),
                d.frameWidth(), d.frameHeight(), d.timings(), d.device());
    }

    private static LlmSettings llmSettings(FaultyLlmServer llm) {
        Properties p = new Properties();
        p.setProperty("llm.baseUrl", llm.baseUrl());
        p.setProperty("llm.model", "soak-vision");
        p.setProperty("llm.timeoutSeconds", "5");
        p.setProperty("llm.rateLimitRetries", "2");
        p.setProperty("llm.maxRetryWaitSeconds", "2");
        p.setProperty("llm.cacheEntries", "0");
        p.setProperty("llm.budget.callsPerHour", "1000000");
        return LlmSettings.fromProperties(p);
    }

    /** A small tmpfs on the image folder that a ballast file fills for 20 s of every 60 s. */
    private static final class FullDisk implements AutoCloseable {
        static volatile String lastProblem = "";
        private final Path dir;
        private final int megabytes;

        private FullDisk(Path dir, int megabytes) {
            this.dir = dir;
            this.megabytes = megabytes;
        }

        static Optional<FullDisk> mount(Path dir, int megabytes) {
            if (megabytes <= 0) {
                return Optional.empty();
            }
            Optional<String> problem = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
            if (problem.isPresent()) {
                lastProblem = "cannot mount a tmpfs on " + dir + " (" + problem.get() + "; needs root)";
                return Optional.empty();
            }
            return Optional.of(new FullDisk(dir, megabytes));
        }

        String describe() {
            return "tmpfs of " + megabytes + " MB on " + dir + ", filled for 20 s of every 60 s";
        }

        void cycle(AtomicLong phases) {
            try {
                while (true) {
                    Thread.sleep(40_000);
                    fill();
                    phases.incrementAndGet();
                    Thread.sleep(20_000);
                    free();
                }
            } catch (InterruptedException e) {
                // the soak is over
            }
        }

        private Path ballast() {
            return dir.resolve("ballast.bin");
        }

        private void fill() {
            byte[] block = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(ballast())) {
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                LOG.info("soak: the image disk is full ({})", full.getMessage());
            }
        }

        void free() {
            try {
                Files.deleteIfExists(ballast());
            } catch (IOException e) {
                LOG.warn("soak: could not delete the ballast: {}", e.getMessage());
            }
        }

        @Override
        public void close() {
            free();
            if (run("umount", dir.toString()).isPresent()) {
                run("umount", "-l", dir.toString());
            }
        }

        private static Optional<String> run(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                return p.waitFor() == 0 ? Optional.empty() : Optional.of(out.isEmpty() ? "exit " + p.exitValue() : out);
            } catch (IOException e) {
                return Optional.of(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        }
    }
}
