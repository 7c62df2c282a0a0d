package io.kensa.llm;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Exactly what an explainer sends for one request, UI-free and without sending it: the system text, then the user
 * message's parts in order (a caption before each image, the reference image(s), the query, the red-outlined visual
 * prompt unless an ablation leaves it out, and last the structured prompt with its ND, AD and CS sections). The chat
 * client turns these parts one to one into the HTTP request, so a preview built from this is what the model gets.
 *
 * @param visual  the same images and prompt text as the explanation task reports ({@link ExplanationTask#sent()})
 */
public record OutgoingRequest(String system, List<Part> user, VisualPrompt visual) {
    /** What an image part shows. */
    public enum ImageRole { REFERENCE, QUERY, OUTLINED }

    /** One part of the user message. */
    public sealed interface Part permits Text, Image {}

    public record Text(String text) implements Part {}

    public record Image(ImageRole role, BufferedImage image) implements Part {}

    public OutgoingRequest {
        user = List.copyOf(user);
    }

    /** Builds the request as every explainer sends it, with images at {@code imageSize} (see {@link Outline}). */
    static OutgoingRequest of(ExplainRequest request, int imageSize) {
        String prompt = PromptText.build(request);
        VisualPrompt visual = Outline.render(request, imageSize, prompt);
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < visual.references().size(); i++) {
            parts.add(new Text("Reference image " + (i + 1) + " (RI): a normal part."));
            parts.add(new Image(ImageRole.REFERENCE, visual.references().get(i)));
        }
        parts.add(new Text("Query image:"));
        parts.add(new Image(ImageRole.QUERY, visual.query()));
        if (request.sends(PromptPart.VP)) {
            parts.add(new Text("Query image with the detector's region outlined in red (visual prompt):"));
            parts.add(new Image(ImageRole.OUTLINED, visual.outlined()));
        }
        parts.add(new Text(prompt));
        return new OutgoingRequest(PromptText.SYSTEM, parts, visual);
    }

    /** The user message's text parts, in order. */
    public List<String> texts() {
        return user.stream().filter(Text.class::isInstance).map(p -> ((Text) p).text()).toList();
    }

    /** The user message's image parts, in order. */
    public List<Image> images() {
        return user.stream().filter(Image.class::isInstance).map(Image.class::cast).toList();
    }
}
