package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code arv-fake-gv-camera-0.8 -i 127.0.0.1}: a GigE Vision camera simulator on loopback only. Started and
 * stopped by the test that owns it; {@link #kill()} simulates a pulled cable or power loss.
 */
final class FakeGvCamera implements AutoCloseable {
    static final String ADDRESS = "127.0.0.1";
    private static final int GVCP_PORT = 3956;

    private final List<String> extraArgs;
    private final Path log;
    private Process process;

    private FakeGvCamera(Path log, List<String> extraArgs) {
        this.log = log;
        this.extraArgs = extraArgs;
    }

    /** Starts the simulator and waits until it answers on 127.0.0.1; skips when another one already does. */
    static FakeGvCamera start(Path log, String... extraArgs) throws Exception {
        assumeFalse(answers(200), "another process already serves GigE Vision on 127.0.0.1:3956 (a stray "
                + AravisInstall.FAKE_GV_CAMERA + "?); stop it to run this test");
        FakeGvCamera camera = new FakeGvCamera(log, List.of(extraArgs));
        camera.restart();
        return camera;
    }

    void restart() throws Exception {
        List<String> command = new ArrayList<>(List.of(AravisInstall.FAKE_GV_CAMERA, "-i", ADDRESS));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // belt and braces: a test JVM that exits without closing still takes the simulator down
        ProcessHandle handle = process.toHandle();
        Runtime.getRuntime().addShutdownHook(new Thread(handle::destroyForcibly, "fake-gv-camera-reaper"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers(100)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("fake GigE camera did not start; see " + log);
            }
        }
    }

    /** SIGKILL, like pulling the cable: no goodbye to the client. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
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
