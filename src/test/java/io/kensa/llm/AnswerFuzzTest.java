package io.kensa.llm;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/** A model's answer text: the partial reader while it streams, then the strict schema check. */
class AnswerFuzzTest {
    private static PromptProfile profile;

    @BeforeAll
    static void profile() throws ProfileException {
        profile = Demo.profile().profile();
    }

    @FuzzTest
    void readsAnyAnswerTextOrRejectsItWithTheReason(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        onlyTypedFailures(() -> {
            PartialJson.stringField(text, "rationale");
            AnswerSchema.parse(text, profile);
        }, AnswerSchema.InvalidAnswer.class);
    }
}
