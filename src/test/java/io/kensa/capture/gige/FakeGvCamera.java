package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code arv-fake-gv-camera-0.8 -i 127.0.0.1}: a GigE Vision camera simulator on loopback only. Started and
 * stopped by the test that owns it; {@link #kill()} simulates a pulled cable or power loss.
 *
 * <p>The simulator must never outlive the test JVM, even one that crashes (no shutdown hook runs then). So it
 * runs under a small {@code sh} guard that holds the read end of a pipe from this JVM: when the JVM closes it
 * ({@link #kill()}) or dies (the kernel closes it), the guard SIGKILLs the simulator and reaps it, and this JVM
 * reaps the guard, so no process and no zombie is left. As a second line, every simulator is recorded in
 * {@code target/fake-gv-camera/} with the JVM that started it; {@link #start} kills recorded ones whose JVM is gone.
 */
final class FakeGvCamera implements AutoCloseable {
    static final String ADDRESS = "127.0.0.1";
    private static final int GVCP_PORT = 3956;
    private static final Path RECORDS = Path.of("target", "fake-gv-camera");
    // $1 = log file, the rest = the simulator's command line; prints the simulator's pid, then waits for EOF
    private static final String GUARD = "log=$1; shift\n"
            + "\"$@\" >>\"$log\" 2>&1 &\n"
            + "echo $!\n"
            + "read -r _\n"
            + "kill -KILL $! 2>/dev/null\n"
            + "wait\n";

    private final List<String> extraArgs;
    private final Path log;
    private Process guard;
    private long simulatorPid;
    private Path record;

    private FakeGvCamera(Path log, List<String> extraArgs) {
        this.log = log;
        this.extraArgs = extraArgs;
    }

    /** Starts the simulator and waits until it answers on 127.0.0.1; skips when another one already does. */
    static FakeGvCamera start(Path log, String... extraArgs) throws Exception {
        killOrphans();
        assumeFalse(answers(200), "another process already serves GigE Vision on 127.0.0.1:3956 (a stray "
                + AravisInstall.FAKE_GV_CAMERA + "?); stop it to run this test");
        FakeGvCamera camera = new FakeGvCamera(log, List.of(extraArgs));
        camera.restart();
        return camera;
    }

    void restart() throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", GUARD, "fake-gv-camera-guard", log.toString(),
                AravisInstall.FAKE_GV_CAMERA, "-i", ADDRESS));
        command.addAll(extraArgs);
        guard = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        String pid = new BufferedReader(new InputStreamReader(guard.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        if (pid == null || !pid.strip().matches("\\d+")) {
            kill();
            throw new IllegalStateException("fake GigE camera guard did not start the simulator; see " + log);
        }
        simulatorPid = Long.parseLong(pid.strip());
        record = record(simulatorPid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers(100)) {
            if (!guard.isAlive() || ProcessHandle.of(simulatorPid).filter(ProcessHandle::isAlive).isEmpty()
                    || System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("fake GigE camera did not start; see " + log);
            }
        }
    }

    /** SIGKILL, like pulling the cable: no goodbye to the client. Returns once the simulator is reaped. */
    void kill() throws InterruptedException {
        if (guard == null) {
            return;
        }
        try {
            guard.getOutputStream().close();
        } catch (IOException e) {
            // the guard is already gone: nothing reads the pipe
        }
        if (!guard.waitFor(10, TimeUnit.SECONDS)) {
            // a guard that does not react: kill both by pid, then reap the guard (the JVM reaps its own children)
            ProcessHandle.of(simulatorPid).ifPresent(ProcessHandle::destroyForcibly);
            guard.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        guard = null;
        if (record != null) {
            deleteQuietly(record);
            record = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Writes {@code target/fake-gv-camera/PID}: the simulator's start time and the pid of the JVM that owns it. */
    private static Path record(long pid) throws IOException {
        Files.createDirectories(RECORDS);
        Instant started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(Instant.EPOCH);
        Path file = RECORDS.resolve(Long.toString(pid));
        Files.writeString(file, started + " " + ProcessHandle.current().pid() + "\n");
        return file;
    }

    /**
     * Kills simulators recorded by a test JVM that is no longer running (one that crashed before its guard could
     * act, or whose guard was killed). A record whose pid now belongs to another process is only removed.
     */
    static void killOrphans() throws IOException, InterruptedException {
        if (!Files.isDirectory(RECORDS)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(RECORDS)) {
            for (Path file : files) {
                String[] fields = Files.readString(file).strip().split(" ");
                if (fields.length != 2 || !file.getFileName().toString().matches("\\d+")) {
                    deleteQuietly(file);
                    continue;
                }
                boolean ownerAlive = ProcessHandle.of(Long.parseLong(fields[1])).filter(ProcessHandle::isAlive).isPresent();
                if (ownerAlive) {
                    continue;
                }
                Optional<ProcessHandle> simulator = ProcessHandle.of(Long.parseLong(file.getFileName().toString()))
                        .filter(h -> h.info().startInstant().map(Instant::toString).orElse("").equals(fields[0]))
                        .filter(h -> h.info().command().orElse("").endsWith(AravisInstall.FAKE_GV_CAMERA));
                if (simulator.isPresent()) {
                    simulator.get().destroyForcibly();
                    simulator.get().onExit().get(10, TimeUnit.SECONDS);
                }
                deleteQuietly(file);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a stale " + AravisInstall.FAKE_GV_CAMERA + " did not stop", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a record that cannot be deleted is checked (and found stale or foreign) again next time
        }
    }

    /** Sends one GVCP READREG (the device's stream-channel count) to 127.0.0.1:3956 and waits for the ack. */
    private static boolean answers(int timeoutMillis) {
        byte[] cmd = {0x42, 0x01, 0x00, (byte) 0x80, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x09, 0x04};
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(cmd, cmd.length, InetAddress.getLoopbackAddress(), GVCP_PORT));
            byte[] ack = new byte[64];
            DatagramPacket reply = new DatagramPacket(ack, ack.length);
            socket.receive(reply);
            return reply.getLength() >= 8 && ack[2] == 0x00 && ack[3] == (byte) 0x81;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // ICMP port unreachable surfaces as PortUnreachableException on some systems: nobody listens
            return false;
        }
    }
}
