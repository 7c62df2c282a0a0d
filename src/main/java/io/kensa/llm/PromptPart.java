package io.kensa.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of VELM's prompt, each of which an ablation can leave out to measure what it is worth (seed 001: full
 * 84.0 %, without AD 78.6, RI 81.6, VP 82.6, CS 82.6, ND 83.5). {@link ExplainRequest#sends} is the one place that
 * decides whether a part goes into a request; what leaving each out means is stated per constant.
 */
public enum PromptPart {
    /** reference image(s) of a normal part: left out, no reference image is sent and the text mentions none */
    RI("reference images"),
    /** the query image with the detector's region outlined in red: left out, only the clean query image is sent */
    VP("red-outlined visual prompt"),
    /** the normal description section: left out, the text has no ND section */
    ND("normal description"),
    /**
     * the anomaly class table (definitions, how to tell classes apart, usual severity): left out, the text has no AD
     * section; the answer format still lists the class names, so an answer stays possible
     */
    AD("anomaly descriptions"),
    /** the classification strategy section: left out, the text has no CS section */
    CS("classification strategy");

    private final String label;

    PromptPart(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Parses a comma-separated list such as {@code RI,VP,ND,AD,CS} (any case, spaces allowed), in the given order.
     *
     * @throws IllegalArgumentException naming the unknown part and the known ones
     */
    public static List<PromptPart> parseList(String text) {
        List<PromptPart> parts = new ArrayList<>();
        for (String item : text.split(",")) {
            String name = item.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            PromptPart part = null;
            for (PromptPart p : values()) {
                if (p.name().equals(name)) {
                    part = p;
                }
            }
            if (part == null) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not a prompt part; use a comma-separated list of "
                        + "RI (reference images), VP (visual prompt), ND (normal description), AD (anomaly descriptions), "
                        + "CS (classification strategy), e.g. RI,VP,ND,AD,CS");
            }
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("No prompt part given; use e.g. RI,VP,ND,AD,CS");
        }
        return List.copyOf(parts);
    }
}
