package io.kensa.cli;

import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.detect.Region;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.AuditTrail;
import io.kensa.store.Database;
import io.kensa.store.Folders;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kensa bench store}: how long an inspector waits between pressing Accept/Override and the decision being
 * durable, on an H2 file database with real-size inspections (320×320 PNG + 320×320 anomaly map each).
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Measure decision latency (call to durable return) on a fresh H2 file database.")
public final class BenchStoreCommand implements Callable<Integer> {
    @Option(names = "--decisions", defaultValue = "2000", description = "Decisions to time (default ${DEFAULT-VALUE}).")
    int decisions;

    @Option(names = "--warmup", defaultValue = "200", description = "Untimed decisions first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--folder", paramLabel = "DIR", description = "Where to create the throw-away database "
            + "(default: a temp folder; use the data folder's disk to measure that disk).")
    Path folder;

    @Option(names = "--without-head-log", description = "Leave out the audit head log (to measure what it costs).")
    boolean withoutHeadLog;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the results under '## Store' in this "
            + "Markdown file (e.g. docs/benchmarks.md).")
    Path report;

    record Stats(int n, double p50, double p95, double p99, double max, double mean) {
        static Stats of(double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return new Stats(s.length, at(s, 0.50), at(s, 0.95), at(s, 0.99), s[s.length - 1],
                    Arrays.stream(s).average().orElse(0));
        }

        private static double at(double[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }

        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |", name, n, p50, p95, p99, max, mean);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<BufferedImage> images = demoImages();
        List<String> rows = new ArrayList<>();
        // the default mode first; both after the same untimed warm-up
        for (InspectionStore.Durability durability : List.of(InspectionStore.Durability.POWER_LOSS,
                InspectionStore.Durability.PROCESS_CRASH)) {
            Path dir = folder == null ? Files.createTempDirectory("kensa-bench-store")
                    : Files.createDirectories(folder).resolve("bench-" + durability.name().toLowerCase(Locale.ROOT));
            try {
                double[][] times = run(dir, images, durability);
                String mode = (durability == InspectionStore.Durability.POWER_LOSS ? "fsync per decision (default)"
                        : "written to OS, no fsync") + (withoutHeadLog ? ", no head log" : "");
                rows.add(Stats.of(times[1]).row("recordDecision, " + mode));
                rows.add(Stats.of(times[0]).row("recordInspection (PNG encode + file fsync + row), " + mode));
                rows.add(Stats.of(sum(times[0], times[1])).row("inspection + decision together, " + mode));
            } finally {
                Folders.deleteTree(dir);
            }
        }
        String header = "| operation | n | p50 ms | p95 ms | p99 ms | max ms | mean ms |\n|---|---|---|---|---|---|---|";
        System.out.println(header);
        rows.forEach(System.out::println);
        if (report != null) {
            writeReport(header + "\n" + String.join("\n", rows));
            System.err.println("Wrote the results to " + report.toAbsolutePath());
        }
        return 0;
    }

    private double[][] run(Path dir, List<BufferedImage> images, InspectionStore.Durability durability)
            throws StoreException {
        Operator operator = new Operator("bench", "Benchmark", Role.INSPECTOR);
        double[] inspectionMs = new double[decisions];
        double[] decisionMs = new double[decisions];
        Random random = new Random(42);
        try (Database db = Database.openFile(dir.resolve("db"));
             InspectionStore store = InspectionStore.open(db, dir.resolve("images"),
                     withoutHeadLog ? Optional.empty() : Optional.of(AuditTrail.headLogIn(dir)), "bench", durability,
                     Clock.systemUTC())) {
            for (int i = -warmup; i < decisions; i++) {
                if ((i + warmup) % 250 == 0) {
                    System.err.printf("\rbench store (%s): %d / %d", durability, i + warmup, decisions + warmup);
                }
                InspectionInput input = input(images, i + warmup, random);
                long t0 = System.nanoTime();
                InspectionId id = store.recordInspection(input);
                long t1 = System.nanoTime();
                store.recordDecision(id, i % 3 == 0
                        ? DecisionInput.override("contamination", Severity.MINOR, "bench", operator, Optional.empty())
                        : DecisionInput.accept("normal", Severity.NORMAL, operator, Optional.empty()));
                long t2 = System.nanoTime();
                if (i >= 0) {
                    inspectionMs[i] = (t1 - t0) / 1e6;
                    decisionMs[i] = (t2 - t1) / 1e6;
                }
            }
            System.err.println();
        }
        return new double[][] {inspectionMs, decisionMs};
    }

    /** A demo image with a few pixels changed (every inspection gets its own file) and a 320×320 map. */
    private static InspectionInput input(List<BufferedImage> images, int n, Random random) {
        BufferedImage base = images.get(n % images.size());
        BufferedImage image = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        image.getGraphics().drawImage(base, 0, 0, null);
        for (int k = 0; k < 8; k++) {
            image.setRGB(random.nextInt(image.getWidth()), random.nextInt(image.getHeight()), random.nextInt());
        }
        float[] values = new float[image.getWidth() * image.getHeight()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (1.5 + random.nextGaussian() * 0.3);
        }
        AnomalyMap map = new AnomalyMap(image.getWidth(), image.getHeight(), values);
        Detection d = new Detection(map.max(), 4.2, map, 1, 8, List.of(new Region(10, 10, 20, 20, 300, map.max())),
                image.getWidth(), image.getHeight(), new Detection.DetectTimings(10, 2, 1), "cpu()");
        return new InspectionInput(new Frame(n, Instant.now(), "bench", "bench-" + n, image), d, "bench", 1);
    }

    private static List<BufferedImage> demoImages() throws IOException {
        Path good = ShippedResources.demoBottle().resolve("test/good");
        List<BufferedImage> images = new ArrayList<>();
        try (var files = Files.list(good)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(10).toList()) {
                images.add(ImageIO.read(p.toFile()));
            }
        }
        if (images.isEmpty()) {
            throw new IOException("no demo images in " + good + ": run from the Kensa folder or set -Dkensa.resources");
        }
        return images;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private void writeReport(String table) throws IOException {
        Path where = folder == null ? Path.of(System.getProperty("java.io.tmpdir")) : folder;
        String section = "## Store\n\n"
                + "Decision latency: `recordDecision` call until it returns durable (acknowledged), H2 2.5 file database,\n"
                + "each decision on its own freshly recorded inspection (320×320 PNG, 320×320 anomaly map).\n"
                + "Command: `kensa bench store --decisions " + decisions + " --warmup " + warmup
                + (folder == null ? "" : " --folder " + folder) + (withoutHeadLog ? " --without-head-log" : "")
                + " --report " + report + "`, measured "
                + Instant.now().toString().substring(0, 10) + ". Target: p95 < 20 ms.\n\n"
                + table + "\n\n"
                + "Durability: every commit is written to the file before it returns (`WRITE_DELAY=0`), which survives\n"
                + "the process being killed (tested with `kill -9`); the default additionally forces the file to disk\n"
                + "(`CHECKPOINT SYNC`) after each decision and undo, which survives power loss. Each event is also\n"
                + "appended to the audit head log (`audit/head.log`), forced every 32 decisions in the default mode.\n\n"
                + "Machine:\n\n```\n" + machine(where) + "```\n";
        String text = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int start = text.indexOf("## Store\n");
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + 1);
            text = text.substring(0, start) + section + (end < 0 ? "" : text.substring(end + 1));
        } else {
            text = text.stripTrailing() + "\n\n" + section;
        }
        if (report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        Files.writeString(report, text, StandardCharsets.UTF_8);
    }

    private static String machine(Path disk) {
        StringBuilder m = new StringBuilder();
        String cpu = command("lscpu").lines()
                .filter(l -> l.startsWith("Model name") || l.startsWith("CPU(s)") || l.startsWith("Architecture")
                        || l.startsWith("Thread(s) per core"))
                .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + "\n" + b).orElse("lscpu unavailable");
        m.append(cpu).append('\n');
        command("grep MemTotal /proc/meminfo").lines().findFirst().ifPresent(l -> m.append(l.replaceAll("\\s+", " ")).append('\n'));
        command("cat /proc/loadavg").lines().findFirst()
                .ifPresent(l -> m.append("Load average when written (1/5/15 min; other work on the machine): ").append(l).append('\n'));
        m.append("JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append('\n');
        m.append("OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        m.append("Disk (").append(disk).append("):\n").append(command("df -hT " + disk));
        return m.toString().endsWith("\n") ? m.toString() : m + "\n";
    }

    private static String command(String line) {
        try {
            Process p = new ProcessBuilder(line.split(" ")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
