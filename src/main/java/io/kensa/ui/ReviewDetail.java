package io.kensa.ui;

import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.detect.HeatmapRenderer;
import io.kensa.model.Decision;
import io.kensa.model.ReviewCase;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.store.StoredExplanation;
import io.kensa.store.StoredInspection;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Everything the detail pane shows for one inspection, loaded off the FX thread: the stored frame with the
 * anomaly map's outline drawn on it, its explanations and every decision row (undos included).
 *
 * @param picture         the frame with the outline, empty when the image file cannot be read
 * @param pictureProblem  why there is no picture, empty when there is one
 */
record ReviewDetail(ReviewCase reviewCase, StoredInspection inspection, Optional<BufferedImage> picture,
                    String pictureProblem, List<StoredExplanation> explanations, List<Decision> events) {
    static final int OUTLINE_ARGB = 0xFFFF3030;

    static ReviewDetail load(InspectionStore store, ReviewCase c) throws StoreException {
        StoredInspection s = store.inspection(c.inspection().id()).orElseThrow(() -> new StoreException(
                "Inspection " + c.inspection().id().value() + " is no longer in the database; refresh the list."));
        List<StoredExplanation> explanations = store.explanations(s.id());
        List<Decision> events = store.decisions(s.id());
        Path file = store.imageFile(s);
        BufferedImage image;
        try {
            image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            return new ReviewDetail(c, s, Optional.empty(), "The image file " + file + " cannot be read ("
                    + e.getMessage() + "); run kensa audit verify.", explanations, events);
        }
        if (image == null) {
            return new ReviewDetail(c, s, Optional.empty(), "The image file " + file + " is missing or not a PNG; "
                    + "run kensa audit verify.", explanations, events);
        }
        AnomalyMap map = store.anomalyMap(s.id());
        Detection d = new Detection(s.score(), s.threshold(), map, s.mapLow(), s.mapHigh(), s.regions(),
                image.getWidth(), image.getHeight(), s.timings(), s.device());
        BufferedImage picture = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.drawImage(HeatmapRenderer.outlines(d, image.getWidth(), image.getHeight(), OUTLINE_ARGB), 0, 0, null);
        g.dispose();
        return new ReviewDetail(c, s, Optional.of(picture), "", explanations, events);
    }

    /** The explanation shown when the standing decision was made, else the newest one. */
    Optional<StoredExplanation> explanation() {
        Optional<StoredExplanation> shown = reviewCase.decision().shownExplanation()
                .flatMap(id -> explanations.stream().filter(e -> e.id().equals(id)).findFirst());
        return shown.isPresent() ? shown
                : explanations.isEmpty() ? Optional.empty() : Optional.of(explanations.get(explanations.size() - 1));
    }
}
