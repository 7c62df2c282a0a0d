package io.kensa.capture;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Source specs as typed into the source picker, a settings file or a recipe. */
class SourceSpecFuzzTest {
    @FuzzTest
    void parsesAnySpecOrSaysHowToWriteItAndPrintsItBackTheSame(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        onlyTypedFailures(() -> {
            SourceSpec spec = SourceSpec.parse(text);
            SourceSpec again = SourceSpec.parse(SourceSpec.print(spec.scheme(), spec.target(), spec.params()));
            assertEquals(spec.scheme(), again.scheme(), text);
            assertEquals(spec.target(), again.target(), text);
            assertEquals(spec.params(), again.params(), text);
        }, CaptureException.class);
    }
}
