package io.kensa.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The answer format Kensa asks every model for (fixed by Kensa, not editable in a profile), and the strict check of
 * what came back. Anything that does not fit is reported, never repaired silently.
 */
public final class AnswerSchema {
    public static final String NAME = "kensa_explanation";
    public static final String NORMAL_CLASS = "normal";
    private static final Set<String> FIELDS = Set.of("class", "severity", "confidence", "rationale", "evidence");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerSchema() {}

    /** A schema-valid answer. */
    record Answer(String anomalyClass, Severity severity, double confidence, String rationale, String evidence) {}

    /** Why an answer was rejected, in words for the inspector. */
    static final class InvalidAnswer extends Exception {
        InvalidAnswer(String message) {
            super(message);
        }
    }

    /** The class names an answer may use: the profile's AD names plus {@code normal}. */
    public static List<String> allowedClasses(PromptProfile profile) {
        List<String> names = new ArrayList<>(profile.classNames());
        names.add(NORMAL_CLASS);
        return names;
    }

    /** A map that keeps its keys in the order given, so the schema (and every profile file holding it) reads the same each run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** JSON Schema (strict-mode compatible) for the profile's answer, as plain maps for any JSON writer. */
    public static Map<String, Object> forProfile(PromptProfile profile) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("class", ordered("type", "string", "enum", allowedClasses(profile),
                "description", "one of the anomaly class names, or normal"));
        properties.put("severity", ordered("type", "string", "enum", List.of("normal", "minor", "defect"),
                "description", "normal: nothing to act on; minor: anomalous but tolerable; defect: reject the part"));
        properties.put("confidence", ordered("type", "number", "minimum", 0, "maximum", 1,
                "description", "how sure you are, 0 to 1"));
        properties.put("rationale", ordered("type", "string",
                "description", "2 to 4 sentences for the line inspector: what you see, where, and why this class and severity"));
        properties.put("evidence", ordered("type", "string",
                "description", "where on the image to look"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(properties.keySet()));
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * Checks a model's answer text against the schema. A Markdown code fence around otherwise valid JSON is
     * accepted (small local models add one); anything else off-schema is rejected with the reason.
     */
    static Answer parse(String text, PromptProfile profile) throws InvalidAnswer {
        String body = stripFence(text.strip());
        if (body.isEmpty()) {
            throw new InvalidAnswer("The model sent an empty answer.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidAnswer("The model's answer is not valid JSON (" + firstLine(e.getMessage()) + ").");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAnswer("The model's answer is not a JSON object.");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidAnswer("The answer has fields outside the schema: " + String.join(", ", unknown) + ".");
        }
        String anomalyClass = text(root, "class");
        if (!allowedClasses(profile).contains(anomalyClass)) {
            throw new InvalidAnswer("The answer's class '" + anomalyClass + "' is not one of "
                    + String.join(", ", allowedClasses(profile)) + ".");
        }
        Severity severity;
        try {
            severity = Severity.fromWire(text(root, "severity"));
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswer("The answer's " + e.getMessage() + ".");
        }
        if (NORMAL_CLASS.equals(anomalyClass) && severity != Severity.NORMAL) {
            throw new InvalidAnswer("The answer contradicts itself: class normal with severity " + severity.wire() + ".");
        }
        JsonNode confidence = root.get("confidence");
        if (confidence == null || !confidence.isNumber()) {
            throw new InvalidAnswer("The answer has no numeric confidence.");
        }
        double c = confidence.asDouble();
        if (!(c >= 0 && c <= 1)) {
            throw new InvalidAnswer(String.format(Locale.ROOT, "The answer's confidence %s is outside 0..1.", confidence));
        }
        String rationale = text(root, "rationale");
        if (rationale.isBlank()) {
            throw new InvalidAnswer("The answer has an empty rationale.");
        }
        return new Answer(anomalyClass, severity, c, rationale.strip(), text(root, "evidence").strip());
    }

    private static String text(JsonNode root, String field) throws InvalidAnswer {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidAnswer("The answer has no text field '" + field + "'.");
        }
        return node.asText();
    }

    private static String stripFence(String text) {
        if (!text.startsWith("```")) {
            return text;
        }
        int firstNewline = text.indexOf('\n');
        int end = text.lastIndexOf("```");
        return firstNewline < 0 || end <= firstNewline ? text : text.substring(firstNewline + 1, end).strip();
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
