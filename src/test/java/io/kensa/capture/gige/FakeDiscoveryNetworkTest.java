package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CameraDiscovery#findFakeCameras()} is what the "Find cameras" UI test runs in the normal namespace, so it
 * must send nothing on any network. Checked like {@link NetworkRuleTest}: inside a loopback-only namespace with a
 * private veth pair standing in for a real network, whose transmit counter must not move; as a control, real
 * discovery afterwards must move it.
 */
class FakeDiscoveryNetworkTest {

    @Test
    void fakeOnlyDiscoverySendsNothingAndLeavesTheRealInterfacesOn() throws Exception {
        AravisInstall.require();
        String java = LoopbackNamespace.javaCommand();
        String script = "echo \"tx-before $(tx)\"\n"
                + java + " io.kensa.capture.gige.FakeDiscoveryProbe\n"
                + "echo \"tx-after-fake $(tx)\"\n"
                + java + " io.kensa.capture.gige.DiscoveryProbe\n"
                + "echo \"tx-after-discovery $(tx)\"\n";
        LoopbackNamespace.Result result = LoopbackNamespace.runWithTxCounter(script, 120);
        assertEquals(0, result.exitCode(), result.output());

        String out = result.output();
        List<String> found = out.lines().filter(l -> l.startsWith("found|")).toList();
        assertEquals(List.of("found|gige://Fake_1"), found, "only the in-process camera, not the one on loopback:\n" + out);
        assertTrue(out.contains("reopen|ok"), "GigE interface switched back on after the fake-only listing:\n" + out);
        long before = counter(out, "tx-before");
        assertEquals(before, counter(out, "tx-after-fake"), "fake-only discovery sent packets beyond loopback:\n" + out);
        assertTrue(counter(out, "tx-after-discovery") > before, "control: real discovery should broadcast\n" + out);
    }

    private static long counter(String output, String label) {
        return output.lines().filter(l -> l.startsWith(label + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(label.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + label + " in:\n" + output));
    }
}
