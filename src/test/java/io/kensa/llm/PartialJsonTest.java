package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartialJsonTest {
    @Test
    void readsTheRationaleWhileItIsStillArriving() {
        assertTrue(PartialJson.stringField("{\"class\":\"broken_small\",\"ratio", "rationale").isEmpty());
        assertEquals("", PartialJson.stringField("{\"class\":\"x\", \"rationale\": \"", "rationale").orElseThrow());
        assertEquals("A chip\non the", PartialJson.stringField("{\"class\":\"x\",\"rationale\":\"A chip\\non the", "rationale").orElseThrow());
        assertEquals("done \"quoted\"", PartialJson.stringField("```json\n{\"rationale\":\"done \\\"quoted\\\"\",\"evidence\":\"rim\"}", "rationale").orElseThrow());
    }

    @Test
    void ignoresTheFieldNameInsideOtherValuesOrNestedObjects() {
        String text = "{\"evidence\":\"see \\\"rationale\\\": below\",\"x\":{\"rationale\":\"nested\"},\"rationale\":\"top";
        assertEquals("top", PartialJson.stringField(text, "rationale").orElseThrow());
    }
}
