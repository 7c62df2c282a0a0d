package io.kensa.store;

import io.kensa.detect.Detection.DetectTimings;
import io.kensa.detect.Region;
import io.kensa.model.ClassPrediction;
import io.kensa.model.InspectionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recorded inspection as stored (the anomaly map itself is loaded on demand with
 * {@link InspectionStore#anomalyMap(InspectionId)}, the image with {@link InspectionStore#imageFile(StoredInspection)}).
 *
 * @param source        the frame source spec (camera/replay)
 * @param origin        where in the source (file name, timestamp, camera id)
 * @param imageSha256   sha256 of the stored PNG file's bytes
 * @param mapLow        anomaly map minimum (score units)
 * @param mapHigh       anomaly map maximum (score units)
 * @param regions       the regions stored: all of them, or the largest when the detector found very many
 * @param regionCount   how many regions the detector found (more than {@code regions.size()} when capped)
 * @param classification the defect classifier's class, when the recipe had a classifier
 */
public record StoredInspection(InspectionId id, Instant recordedAt, Instant capturedAt, String station,
                               String recipeName, int recipeVersion, String source, String origin,
                               long frameSequence, String imageSha256, int imageWidth, int imageHeight,
                               String mapCodec, int mapWidth, int mapHeight, double mapLow, double mapHigh,
                               double score, double threshold, List<Region> regions, int regionCount, String device,
                               DetectTimings timings, Optional<ClassPrediction> classification) {
    public StoredInspection {
        classification = classification == null ? Optional.empty() : classification;
        regions = List.copyOf(regions);
        if (regionCount < regions.size()) {
            throw new IllegalArgumentException("region count " + regionCount + " is below the " + regions.size()
                    + " regions listed");
        }
    }

    public boolean anomalous() {
        return score > threshold;
    }
}
