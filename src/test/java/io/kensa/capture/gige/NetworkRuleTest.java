package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Guards the rule the other GigE tests rely on: opening a camera by IP address (or the in-process fake by id)
 * sends nothing to any network interface but loopback. Checked inside a loopback-only namespace that gets a
 * private veth pair (both ends inside it) standing in for a real network: its transmit counter must not move.
 * As a control, opening an unknown camera id (which makes Aravis broadcast a discovery) must move it.
 */
class NetworkRuleTest {

    @Test
    void openingByAddressNeverTransmitsBeyondLoopback() throws Exception {
        AravisInstall.require();
        String java = LoopbackNamespace.javaCommand();
        String script = "ip link add veth0 type veth peer name veth1 || exit 98\n"
                + "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null\n"
                + "ip addr add 10.99.0.1/24 dev veth0 && ip link set veth0 up && ip link set veth1 up\n"
                + "tx() { ip -s link show veth0 | awk '/TX:/{getline; print $2}'; }\n"
                + LoopbackNamespace.FAKE_CAMERA_IN_BACKGROUND
                + "sleep 1\n"
                + "echo \"tx-before $(tx)\"\n"
                + java + " io.kensa.capture.gige.OpenProbe gige://127.0.0.1 gige://127.0.0.9 gige://Fake_1\n"
                + "echo \"tx-after-address $(tx)\"\n"
                + java + " io.kensa.capture.gige.OpenProbe gige://No-Such-Camera-Id\n"
                + "echo \"tx-after-id $(tx)\"\n";
        LoopbackNamespace.Result result = LoopbackNamespace.run(script, 120);
        assumeTrue(result.exitCode() != 98, "cannot create a veth pair inside the namespace: " + result.output());
        assertEquals(0, result.exitCode(), result.output());

        String out = result.output();
        assertTrue(out.contains("gige://127.0.0.1|ok"), out);
        assertTrue(out.contains("gige://127.0.0.9|error"), out);
        assertTrue(out.contains("gige://Fake_1|ok"), out);
        long before = counter(out, "tx-before");
        assertEquals(before, counter(out, "tx-after-address"), "opening by address sent packets beyond loopback:\n" + out);
        assertTrue(counter(out, "tx-after-id") > before, "control: an unknown id should broadcast a discovery\n" + out);
    }

    private static long counter(String output, String label) {
        return output.lines().filter(l -> l.startsWith(label + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(label.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + label + " in:\n" + output));
    }
}
