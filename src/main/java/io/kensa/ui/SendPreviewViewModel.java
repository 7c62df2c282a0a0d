package io.kensa.ui;

import io.kensa.inspect.PromptWorkbench;
import io.kensa.llm.Explainer;
import io.kensa.llm.OutgoingRequest;
import io.kensa.llm.ProfileDocument;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Exactly what the explainer sends for the draft and one query image, without its controls and without sending: the
 * system text, the user message's text sections in order (ND, AD, CS, the detector's facts, the answer format) and
 * every image (reference(s), query, red-outlined visual prompt). The request comes from {@link Explainer#preview},
 * the code that builds the real one. A try shows here what it sent.
 */
public final class SendPreviewViewModel {
    /** One piece of the request as shown: a titled text, or a captioned image. */
    public record Block(String title, String text, Optional<BufferedImage> image) {}

    private final PromptWorkbench workbench;
    private final Supplier<ProfileDocument> draft;
    private final Supplier<Explainer> explainer;
    private final Executor background;
    private final Executor fx;
    private int asked;
    private final ReadOnlyObjectWrapper<Optional<OutgoingRequest>> request = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ObservableList<Block> blocks = FXCollections.observableArrayList();
    private final ObservableList<Block> blocksView = FXCollections.unmodifiableObservableList(blocks);
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(
            "Preview shows exactly what the explainer would be sent for the draft and an image, without sending it.");
    private final ReadOnlyObjectWrapper<PromptsViewModel.Tone> tone = new ReadOnlyObjectWrapper<>(PromptsViewModel.Tone.MUTED);

    /**
     * @param draft      the profile as edited now
     * @param explainer  the explainer whose request is shown, asked each time
     */
    public SendPreviewViewModel(PromptWorkbench workbench, Supplier<ProfileDocument> draft, Supplier<Explainer> explainer,
                                Executor background, Executor fx) {
        this.workbench = workbench;
        this.draft = draft;
        this.explainer = explainer;
        this.background = background;
        this.fx = fx;
    }

    /** The request shown, as built; empty before the first preview. */
    public ReadOnlyObjectProperty<Optional<OutgoingRequest>> request() {
        return request.getReadOnlyProperty();
    }

    public ObservableList<Block> blocks() {
        return blocksView;
    }

    public ReadOnlyStringProperty state() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PromptsViewModel.Tone> tone() {
        return tone.getReadOnlyProperty();
    }

    /** Previews the draft on the demo set's first contamination image, outlined by its ground-truth mask. */
    public void previewDemo() {
        Optional<Path> demo = workbench.demoSet();
        if (demo.isEmpty()) {
            say("The demo set is not installed; choose an image (a snapshot, say) to preview with.", true);
            return;
        }
        preview(demo.get().resolve("test/contamination/000.png"));
    }

    /**
     * Builds what would be sent for the draft and {@code image}; its ground-truth mask (MVTec layout), if it has one,
     * stands in for the detector, else nothing is outlined.
     */
    public void preview(Path image) {
        ProfileDocument profile = draft.get();
        int run = ++asked;
        say("Building the request for " + image.getFileName() + " …", false);
        ScreenWork.execute(background, () -> {
            try {
                Explainer x = explainer.get();
                OutgoingRequest built = x.preview(workbench.tryRequest(profile, image, workbench.maskOf(image)));
                String what = "Preview for " + image.getFileName() + ", nothing sent (explainer: " + x.describe() + ")";
                ScreenWork.execute(fx, () -> {
                    if (run == asked) {
                        show(built, what);
                    }
                });
            } catch (Exception e) {
                ScreenWork.execute(fx, () -> {
                    if (run == asked) {
                        say("Preview of " + image.getFileName() + " failed: " + ScreenWork.describe(e), true);
                    }
                });
            }
        });
    }

    /** Shows a request (called on {@code fx}): a preview's, or the one a try sent. */
    void show(OutgoingRequest built, String heading) {
        asked++;
        request.set(Optional.of(built));
        blocks.setAll(blocks(built));
        say(String.format(Locale.ROOT, "%s: a system message and a user message of %d text part(s) and %d image(s).",
                heading, built.texts().size(), built.images().size()), false);
    }

    /** The request as blocks in order: a caption joins the image after it; the prompt is split at its sections. */
    static List<Block> blocks(OutgoingRequest built) {
        List<Block> out = new ArrayList<>();
        out.add(new Block("System message", built.system(), Optional.empty()));
        List<OutgoingRequest.Part> parts = built.user();
        for (int i = 0; i < parts.size(); i++) {
            OutgoingRequest.Part part = parts.get(i);
            boolean captionOfNext = i + 1 < parts.size() && parts.get(i + 1) instanceof OutgoingRequest.Image;
            if (part instanceof OutgoingRequest.Text t && captionOfNext) {
                OutgoingRequest.Image image = (OutgoingRequest.Image) parts.get(++i);
                out.add(new Block(t.text(), "", Optional.of(image.image())));
            } else if (part instanceof OutgoingRequest.Image image) {
                out.add(new Block(image.role().name().toLowerCase(Locale.ROOT) + " image", "", Optional.of(image.image())));
            } else {
                out.addAll(sections(((OutgoingRequest.Text) part).text()));
            }
        }
        return out;
    }

    /** A text part split at its {@code ## } headings: the lead-in, then ND, AD, CS, the facts and the answer format. */
    private static List<Block> sections(String text) {
        List<Block> out = new ArrayList<>();
        for (String section : text.split("(?m)^(?=## )")) {
            String body = section.strip();
            if (body.startsWith("## ")) {
                int eol = body.indexOf('\n');
                String title = eol < 0 ? body.substring(3) : body.substring(3, eol);
                out.add(new Block(title.strip(), eol < 0 ? "" : body.substring(eol + 1).strip(), Optional.empty()));
            } else if (!body.isEmpty()) {
                out.add(new Block("User text", body, Optional.empty()));
            }
        }
        return out;
    }

    private void say(String text, boolean problem) {
        state.set(text);
        tone.set(problem ? PromptsViewModel.Tone.PROBLEM : PromptsViewModel.Tone.MUTED);
    }
}
