package io.kensa.model;

import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.util.Optional;

/**
 * What the machine told the inspector: the stored explanation's verdict, without its long texts (those are
 * loaded for the one inspection a supervisor opens).
 *
 * @param anomalyClass  the class the explanation named, empty when it gave none (a failure or an invalid answer)
 */
public record MachineAnswer(ExplanationId id, ExplanationStatus status, Optional<String> anomalyClass,
                            Optional<Severity> severity, String model, String profileName, int profileVersion) {

    /** The class the inspector saw, when the explanation is a valid answer that names one. */
    public Optional<String> answeredClass() {
        boolean answered = status == ExplanationStatus.ANSWERED || status == ExplanationStatus.OFFLINE;
        return answered ? anomalyClass : Optional.empty();
    }
}
