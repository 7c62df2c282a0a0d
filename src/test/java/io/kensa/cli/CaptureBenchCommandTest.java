package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CaptureBenchCommandTest {

    @Test
    void printsCaptureAndDisplayNumbersForAReplay() throws Exception {
        Path good = ShippedResources.demoBottle().resolve("train/good");
        Result result = run("bench", "capture", "--source", "folder:" + good + "?fps=0", "--seconds", "0.5");
        assertEquals(0, result.code, result.err);
        assertTrue(result.out.contains("source    folder:" + good + "?fps=0"), result.out);
        assertTrue(result.out.matches("(?s).*capture +[0-9.]+ fps +[0-9.]+ MB/s.*"), result.out);
        assertTrue(result.out.matches("(?s).*display +[0-9.]+ fps +\\(\\d+ frames scaled to 800×800 INT_ARGB\\).*"), result.out);
        assertTrue(result.out.contains("dropped"), result.out);
    }

    @Test
    void badSourceIsOneClearLine() {
        Result result = run("bench", "capture", "--source", "usb:front");
        assertEquals(1, result.code);
        assertTrue(result.err.contains("kensa: 'usb:front': usb: takes a camera index"), result.err);
        assertTrue(!result.err.contains("Exception"), result.err);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = KensaCommand.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
