package io.kensa.store;

import java.time.Instant;

/**
 * A flagged frame that could not be stored, as far as it is known without its image: which frame, the detector's
 * verdict and why it was not stored. Small, so a desk can hold many while the database is away.
 */
public record FrameNotRecorded(Instant capturedAt, String source, String origin, long sequence, double score,
                               double threshold, String recipeName, int recipeVersion, String reason) {
    public static FrameNotRecorded of(InspectionInput input, String reason) {
        return new FrameNotRecorded(input.frame().capturedAt(), input.frame().source(), input.frame().origin(),
                input.frame().sequence(), input.detection().score(), input.detection().threshold(), input.recipeName(),
                input.recipeVersion(), reason);
    }
}
