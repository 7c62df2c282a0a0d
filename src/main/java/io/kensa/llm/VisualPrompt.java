package io.kensa.llm;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Exactly what an explainer looked at, as VELM builds it: reference normal image(s), the query image, and the query
 * image with the detector's region outlined in red, all at the configured size; plus the text prompt. The UI shows
 * these as thumbnails. The images are never modified after construction. When an ablation leaves out the visual prompt
 * ({@link PromptPart#VP}), {@code outlined} is the clean query and is not sent; without {@link PromptPart#RI} there
 * are no references.
 */
public record VisualPrompt(List<BufferedImage> references, BufferedImage query, BufferedImage outlined, String promptText) {
    public VisualPrompt {
        references = List.copyOf(references);
    }
}
