package io.kensa.ui;

import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Detection;
import io.kensa.llm.Explanation;
import io.kensa.llm.MaskDetections;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The review tests' decision log, made through the real store from demo bottle images with detections from their
 * ground-truth masks. Standing decisions (machine class → final class): A broken_large → broken_large (accept, Ann),
 * B broken_small → contamination (override, Ben), C contamination → normal (accepted, undone, then overridden, Ann),
 * D anomalous (no explanation) → broken_large (override, Ben), E broken_small → broken_small (accept, Ann); F was
 * accepted and undone, so it is left out. Overrides 3 of 5; kappa 0.25. 20 audit events.
 */
final class ReviewFixture {
    static final Operator ANN = new Operator("a1", "Ann Example", Role.INSPECTOR);
    static final Operator BEN = new Operator("b2", "Ben Example", Role.INSPECTOR);
    /** reviews and exports */
    static final Operator SUE = new Operator("s3", "Sue Example", Role.SUPERVISOR);

    record Cases(InspectionId a, InspectionId b, InspectionId c, InspectionId d, InspectionId e, InspectionId f) {}

    private ReviewFixture() {
    }

    static Cases fill(InspectionStore store) throws Exception {
        InspectionId a = inspect(store, "broken_large", 0);
        store.recordDecision(a, DecisionInput.accept("broken_large", Severity.DEFECT, ANN,
                Optional.of(explain(store, a, "broken_large", Severity.DEFECT))));
        InspectionId b = inspect(store, "broken_small", 0);
        store.recordDecision(b, DecisionInput.override("contamination", Severity.DEFECT, "dark speck, not a chip", BEN,
                Optional.of(explain(store, b, "broken_small", Severity.MINOR))));
        InspectionId c = inspect(store, "contamination", 0);
        ExplanationId shown = explain(store, c, "contamination", Severity.DEFECT);
        Decision accepted = store.recordDecision(c, DecisionInput.accept("contamination", Severity.DEFECT, ANN,
                Optional.of(shown)));
        store.undo(accepted.id(), ANN);
        store.recordDecision(c, DecisionInput.override("normal", Severity.NORMAL, "dust on the lens", ANN,
                Optional.of(shown)));
        InspectionId d = inspect(store, "broken_large", 1);
        store.recordDecision(d, DecisionInput.override("broken_large", Severity.DEFECT, "explainer timed out", BEN,
                Optional.empty()));
        InspectionId e = inspect(store, "broken_small", 1);
        store.recordDecision(e, DecisionInput.accept("broken_small", Severity.MINOR, ANN,
                Optional.of(explain(store, e, "broken_small", Severity.MINOR))));
        InspectionId f = inspect(store, "contamination", 1);
        Decision withdrawn = store.recordDecision(f, DecisionInput.accept("contamination", Severity.DEFECT, BEN,
                Optional.of(explain(store, f, "contamination", Severity.DEFECT))));
        store.undo(withdrawn.id(), BEN);
        return new Cases(a, b, c, d, e, f);
    }

    static InspectionId inspect(InspectionStore store, String defect, int index) throws Exception {
        Path bottle = ShippedResources.demoBottle();
        String name = String.format("%03d", index);
        BufferedImage image = ImageIO.read(bottle.resolve("test").resolve(defect).resolve(name + ".png").toFile());
        BufferedImage mask = ImageIO.read(bottle.resolve("ground_truth").resolve(defect).resolve(name + "_mask.png").toFile());
        Detection detection = MaskDetections.fromMask(mask, image.getWidth(), image.getHeight());
        Frame frame = new Frame(index + 1, Instant.now(), "folder:" + bottle.resolve("test"), defect + "/" + name + ".png", image);
        return store.recordInspection(new InspectionInput(frame, detection, "demo-bottle", 1));
    }

    static ExplanationId explain(InspectionStore store, InspectionId id, String cls, Severity severity) throws Exception {
        return store.recordExplanation(id, new Explanation(ExplanationStatus.ANSWERED, "llm", "gpt-4o-mini",
                "http://127.0.0.1:9/v1", "bottle", 3, Optional.of(cls), Optional.of(severity), 0.8,
                "Looks like " + cls + " near the outlined region.", "outlined region", "ND/AD/CS prompt",
                "{\"class\":\"" + cls + "\"}", 900, 800, 40, false, Instant.now()));
    }
}
