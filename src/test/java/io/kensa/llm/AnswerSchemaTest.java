package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer schema keeps its keys in a fixed order, so a profile file (and its sha256) is the same on every run. */
class AnswerSchemaTest {
    @Test
    void schemaKeysComeInTheOrderWritten() throws Exception {
        Map<String, Object> schema = AnswerSchema.forProfile(Demo.profile().profile());
        assertEquals(List.of("type", "properties", "required", "additionalProperties"), List.copyOf(schema.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        assertEquals(List.of("class", "severity", "confidence", "rationale", "evidence"), List.copyOf(properties.keySet()));
        assertEquals(List.of("type", "enum", "description"), List.copyOf(properties.get("class").keySet()));
        assertEquals(List.of("type", "minimum", "maximum", "description"), List.copyOf(properties.get("confidence").keySet()));
    }
}
