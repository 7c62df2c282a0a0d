package io.kensa.llm;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Prompt profiles imported from a file (Prompts screen, {@code kensa prompts import}). */
class ProfileFuzzTest {
    @FuzzTest
    void importsAnyProfileTextOrSaysWhatIsWrong(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        onlyTypedFailures(() -> {
            ProfileDocument document = PromptProfiles.fromJson(text, "fuzz.json");
            PromptProfiles.problems(document, Demo.recipe()); // reference checks: paths stay inside the recipe
            assertEquals(document, PromptProfiles.fromJson(PromptProfiles.toJson(document), "again.json"));
        }, ProfileException.class);
    }
}
