package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell script inside a fresh network namespace ({@code unshare -n}) where only loopback is up, so
 * anything Aravis broadcasts cannot leave the machine. When such a namespace cannot be made (not root, no
 * unshare) the test is skipped with the reason; nothing ever falls back to the normal namespace.
 */
final class LoopbackNamespace {
    private LoopbackNamespace() {}

    record Result(int exitCode, String output) {}

    /**
     * Script lines that start the GigE camera simulator on 127.0.0.1 in the background and stop it when the script
     * ends. The trap also waits for it: a shell that exits without reaping leaves it to init, as a zombie until
     * init gets round to it.
     */
    static final String FAKE_CAMERA_IN_BACKGROUND = AravisInstall.FAKE_GV_CAMERA + " -i 127.0.0.1 >/dev/null 2>&1 &\n"
            + "FAKE=$!\n"
            + "trap 'kill $FAKE 2>/dev/null; wait $FAKE 2>/dev/null' EXIT\n";

    /**
     * Runs {@code body} in the namespace after adding a private veth pair (so "nothing left the host" can be
     * measured: {@code $(tx)} prints veth0's transmit count) and starting the camera simulator on loopback.
     * Skips visibly when the veth pair cannot be made.
     */
    static Result runWithTxCounter(String body, long timeoutSeconds) throws IOException, InterruptedException {
        String script = "ip link add veth0 type veth peer name veth1 || exit 98\n"
                + "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null\n"
                + "ip addr add 10.99.0.1/24 dev veth0 && ip link set veth0 up && ip link set veth1 up\n"
                + "tx() { ip -s link show veth0 | awk '/TX:/{getline; print $2}'; }\n"
                + FAKE_CAMERA_IN_BACKGROUND
                + "sleep 1\n"
                + body;
        Result result = run(script, timeoutSeconds);
        assumeTrue(result.exitCode() != 98, "cannot create a veth pair inside the namespace: " + result.output());
        return result;
    }

    /** The java command and classpath for a child JVM running this test's classes. */
    static String javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return quote(java) + " -cp " + quote(classpath);
    }

    static Result run(String script, long timeoutSeconds) throws IOException, InterruptedException {
        Result probe = exec(List.of("unshare", "-n", "sh", "-c", "ip link set lo up"), 20);
        assumeTrue(probe.exitCode() == 0, () -> "cannot create a loopback-only network namespace (needs root and "
                + "unshare/ip): " + probe.output().strip() + " — skipping rather than discovering on real networks");
        // refuse to go on if the namespace has anything but lo: discovery must never reach a real network
        String guarded = "ip link set lo up\n"
                + "if [ \"$(ip -o link | wc -l)\" != 1 ]; then echo 'namespace has more than loopback' >&2; exit 97; fi\n"
                + script;
        return exec(List.of("unshare", "-n", "sh", "-c", guarded), timeoutSeconds);
    }

    private static Result exec(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        // output goes to a file, not a pipe that nobody reads until the end (a full pipe would stall the script)
        Path output = Files.createTempFile("kensa-netns-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                return new Result(-1, e.getMessage());
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                // the script's children (fake camera, child JVM) are ours: stop them by id while the shell still
                // exists to reap them, then the shell, which this JVM reaps
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                return new Result(-2, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
