package io.kensa.inspect;

import io.kensa.llm.Explanation;
import io.kensa.llm.VisualPrompt;
import io.kensa.model.ExplanationId;
import io.kensa.model.InspectionId;
import java.util.Optional;

/**
 * One frame waiting for the inspector's decision: frozen (the live view moves on, this does not), stored as an
 * inspection as soon as it is opened, explained, then decided. Immutable; the desk replaces it as it progresses.
 *
 * @param number          case number at this station since start, for the inspector's eyes
 * @param inspection      the stored inspection; empty only while the database is unavailable (retried on decision)
 * @param rationaleSoFar  the rationale as it streams in, before the explanation is complete
 * @param sent            exactly what the explainer was shown (thumbnails)
 * @param onDemand        opened by "Send to LLM" rather than by the detector's threshold
 */
public record Case(long number, Inspected inspected, Optional<InspectionId> inspection, boolean explaining,
                   String rationaleSoFar, Optional<VisualPrompt> sent, Optional<Explanation> explanation,
                   Optional<ExplanationId> explanationId, boolean onDemand) {

    static Case open(long number, Inspected inspected, boolean onDemand) {
        return new Case(number, inspected, Optional.empty(), false, "", Optional.empty(), Optional.empty(),
                Optional.empty(), onDemand);
    }

    Case stored(InspectionId id) {
        return new Case(number, inspected, Optional.of(id), explaining, rationaleSoFar, sent, explanation, explanationId, onDemand);
    }

    Case explainingNow() {
        return new Case(number, inspected, inspection, true, "", Optional.empty(), Optional.empty(), Optional.empty(), onDemand);
    }

    /** Back on the desk without a running explanation (its task was cancelled while it was away). */
    Case notExplaining() {
        return new Case(number, inspected, inspection, false, "", sent, explanation, explanationId, onDemand);
    }

    Case streaming(String rationale) {
        return new Case(number, inspected, inspection, explaining, rationale, sent, explanation, explanationId, onDemand);
    }

    Case showing(VisualPrompt prompt) {
        return new Case(number, inspected, inspection, explaining, rationaleSoFar, Optional.of(prompt), explanation, explanationId, onDemand);
    }

    Case explained(Explanation e, Optional<ExplanationId> id) {
        return new Case(number, inspected, inspection, false, e.rationale(), sent, Optional.of(e), id, onDemand);
    }

    /** The machine's class and severity when there is a valid answer to accept. */
    public Optional<String> machineClass() {
        return explanation.filter(Explanation::hasAnswer).flatMap(Explanation::anomalyClass);
    }
}
