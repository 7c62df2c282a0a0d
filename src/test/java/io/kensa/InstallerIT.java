package io.kensa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as a station gets it: installer/jpackage.sh builds it from the packaged jar (with its jlink runtime, the
 * backbone, the demo recipe and libtorch unpacked), dpkg installs it, the installed launcher runs {@code --help},
 * {@code doctor} and {@code evaluate} on the shipped demo images with no network at all ({@code unshare -n}), and
 * {@code dpkg --purge} leaves nothing behind but the user's data folder. Needs root (dpkg -i); CI runs as root on a
 * fresh Debian and gets fakeroot and binutils from apt here. Built fast: dpkg-deb compresses with zstd -1 (or not at
 * all) instead of its default xz, which the release package keeps.
 */
class InstallerIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path INSTALLED = Path.of("/opt/kensa");
    private static final Path LAUNCHER = INSTALLED.resolve("bin/kensa");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds per step, printed at the end (target/failsafe-reports/io.kensa.InstallerIT-output.txt). */
    private static final Map<String, Double> STEPS = new java.util.LinkedHashMap<>();

    private record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @Test
    void theDebInstallsRunsOfflineAndPurgesClean(@TempDir Path tmp) throws Exception {
        requireTools();
        assumeTrue(run(List.of("dpkg", "-s", "kensa"), Map.of(), 60).exit() != 0,
                "a kensa package is already installed on this machine; this test does not replace it (dpkg --purge kensa first)");
        assumeTrue(run(List.of("unshare", "-n", "true"), Map.of(), 60).exit() == 0,
                "unshare -n is not permitted here (a container without CAP_SYS_ADMIN?): cannot show the installed launcher starts offline");

        Result built = timed("jpackage.sh", () -> run(List.of("bash", "installer/jpackage.sh", "deb", "--no-build"), compressor(), 1200));
        assertEquals(0, built.exit(), "installer/jpackage.sh failed:\n" + built.all());
        Path deb;
        try (Stream<Path> files = Files.list(ROOT.resolve("target/installer"))) {
            deb = files.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        Result installed = timed("dpkg -i", () -> run(List.of("dpkg", "-i", deb.toString()), Map.of(), 600));
        try {
            assertEquals(0, installed.exit(), "dpkg -i failed:\n" + installed.all());
            Path home = Files.createDirectories(tmp.resolve("home"));
            runsOffline(home, tmp);
        } finally {
            Result purged = timed("dpkg --purge", () -> run(List.of("dpkg", "--purge", "kensa"), Map.of(), 600));
            assertEquals(0, purged.exit(), "dpkg --purge failed:\n" + purged.all());
        }
        assertFalse(Files.exists(INSTALLED), INSTALLED + " is left after dpkg --purge");
        assertTrue(run(List.of("dpkg", "-s", "kensa"), Map.of(), 60).exit() != 0, "dpkg still knows the kensa package");
        try (Stream<Path> left = Files.walk(tmp.resolve("home"))) {
            List<String> outsideData = left.filter(Files::isRegularFile).map(p -> tmp.resolve("home").relativize(p).toString())
                    .filter(p -> !p.startsWith(".local/share/kensa/")).toList();
            assertEquals(List.of(), outsideData, "the launcher wrote outside the user's data folder");
        }
        System.out.printf(java.util.Locale.ROOT, "InstallerIT: %s; package %d MB%n", STEPS, Files.size(deb) >> 20);
    }

    private interface Step {
        Result run() throws Exception;
    }

    private static Result timed(String name, Step step) throws Exception {
        long start = System.nanoTime();
        try {
            return step.run();
        } finally {
            STEPS.put(name, Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        }
    }

    /** The installed launcher, as a user whose home is {@code home}, in a network namespace with no interfaces. */
    private static void runsOffline(Path home, Path tmp) throws Exception {
        Result help = launcher(home, List.of("--help"));
        assertEquals(0, help.exit(), help.all());
        assertTrue(help.out().contains("doctor") && help.out().contains("evaluate"), help.out());

        Result doctor = launcher(home, List.of("doctor", "--json", "--skip-cameras"));
        assertEquals(0, doctor.exit(), "doctor reported a failure:\n" + doctor.all());
        JsonNode report = JSON.readTree(doctor.out());
        assertTrue(report.get("ok").asBoolean(), doctor.out());
        assertTrue(check(report, "libtorch").contains(INSTALLED + "/lib/app/djl/pytorch/"),
                "libtorch should be the copy inside the package: " + check(report, "libtorch"));
        assertTrue(check(report, "device").contains("detector cpu"), check(report, "device"));
        assertQuiet(doctor);

        Path demo = smallDemoSet(tmp.resolve("demo"));
        Result evaluate = launcher(home, List.of("evaluate", "--data", demo.toString(), "--json"));
        assertEquals(0, evaluate.exit(), "evaluate failed:\n" + evaluate.all());
        JsonNode metrics = JSON.readTree(evaluate.out());
        assertEquals("cpu()", metrics.get("device").asText());
        assertTrue(metrics.get("image_auroc").asDouble() >= 0.9, "the installed detector tells good from broken: " + metrics);
        assertQuiet(evaluate);
    }

    /** No native noise reaches the operator's terminal. */
    private static void assertQuiet(Result r) {
        for (String noise : List.of("NNPACK", "Failed to detect GPU count", "Downloading", "Extracting")) {
            assertFalse(r.err().contains(noise), "stderr shows '" + noise + "':\n" + r.err());
        }
    }

    private static String check(JsonNode report, String name) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("detail").asText();
            }
        }
        return "(no " + name + " check)";
    }

    /**
     * Part of the demo set the package installed (its first 10 good training images, 5 good and 5 broken test images
     * with their masks): the detector trains and scores in well under a minute instead of four.
     */
    private static Path smallDemoSet(Path dir) throws IOException {
        Path shipped = INSTALLED.resolve("lib/app/resources/demo/bottle");
        copyFirst(shipped.resolve("train/good"), dir.resolve("train/good"), 10);
        copyFirst(shipped.resolve("test/good"), dir.resolve("test/good"), 5);
        copyFirst(shipped.resolve("test/broken_large"), dir.resolve("test/broken_large"), 5);
        copyFirst(shipped.resolve("ground_truth/broken_large"), dir.resolve("ground_truth/broken_large"), 5);
        return dir;
    }

    private static void copyFirst(Path from, Path to, int count) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted().limit(count).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static Result launcher(Path home, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", "-n", LAUNCHER.toString()));
        command.addAll(args);
        // Java takes user.home from the password database, not HOME: the property moves every per-user folder too
        return timed("kensa " + args.get(0), () -> run(command, Map.of("HOME", home.toString(), "JAVA_TOOL_OPTIONS", "-Duser.home=" + home), 900,
                "KENSA_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "PYTORCH_LIBRARY_PATH"));
    }

    /** zstd -1 where this dpkg-deb has it (bookworm's does), else no compression. */
    private static Map<String, String> compressor() throws Exception {
        boolean zstd = run(List.of("dpkg-deb", "--help"), Map.of(), 60).out().contains("zstd");
        return zstd ? Map.of("DPKG_DEB_COMPRESSOR_TYPE", "zstd", "DPKG_DEB_COMPRESSOR_LEVEL", "1")
                : Map.of("DPKG_DEB_COMPRESSOR_TYPE", "none");
    }

    /** jpackage's .deb needs dpkg-deb and fakeroot, objcopy strips the runtime; as root they are installed here. */
    private static void requireTools() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && onPath("dpkg"), "not a Debian system: no dpkg");
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(root, "dpkg -i needs root: run the installer test as root (CI does)");
        assumeTrue(onPath("jpackage"), "the JDK has no jpackage");
        if (!onPath("fakeroot") || !onPath("objcopy")) {
            List<String> install = List.of("apt-get", "install", "-y", "-q", "fakeroot", "binutils");
            if (run(install, Map.of(), 600).exit() != 0) { // a fresh machine has no package lists yet
                run(List.of("apt-get", "update", "-q"), Map.of(), 300);
                Result second = run(install, Map.of(), 600);
                assertEquals(0, second.exit(), "apt-get install fakeroot binutils failed:\n" + second.all());
            }
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds, String... unset)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        Map<String, String> environment = pb.environment();
        for (String name : unset) {
            environment.remove(name);
        }
        environment.putAll(env);
        Path out = Files.createTempFile("kensa-it", ".out");
        Path err = Files.createTempFile("kensa-it", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
