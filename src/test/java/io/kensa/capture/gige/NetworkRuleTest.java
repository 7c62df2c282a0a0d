package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        String script = "echo \"tx-before $(tx)\"\n"
                + java + " io.kensa.capture.gige.OpenProbe gige://127.0.0.1 gige://127.0.0.9 gige://Fake_1\n"
                + "echo \"tx-after-address $(tx)\"\n"
                + java + " io.kensa.capture.gige.OpenProbe gige://No-Such-Camera-Id\n"
                + "echo \"tx-after-id $(tx)\"\n";
        LoopbackNamespace.Result result = LoopbackNamespace.runWithTxCounter(script, 120);
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
