package io.kensa.store;

import io.kensa.model.InspectionId;
import java.nio.file.Path;
import java.time.Instant;

/**
 * An inspection an inspector decided as normal (and nobody changed since): a frame of a good part from the decision
 * log.
 *
 * @param operator  the name of who decided it
 * @param image     the stored lossless PNG; it may be missing (deleted, or the image folder moved): check it
 */
public record ConfirmedGood(InspectionId inspection, Instant decidedAt, String operator, Path image) {}
