package io.kensa.store;

import io.kensa.llm.Explanation;
import io.kensa.model.ExplanationId;
import io.kensa.model.InspectionId;
import java.time.Instant;

/**
 * An explanation as stored: every field of {@link Explanation}, with secrets removed from the endpoint and the
 * creation time at microsecond precision (what both H2 and PostgreSQL keep).
 */
public record StoredExplanation(ExplanationId id, InspectionId inspectionId, Instant recordedAt,
                                Explanation explanation) {}
