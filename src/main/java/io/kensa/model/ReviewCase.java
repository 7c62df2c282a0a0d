package io.kensa.model;

import io.kensa.model.Severity;
import java.util.Optional;

/**
 * A standing decision next to the machine's verdict it was made against.
 *
 * <p>The machine's class is the class of the explanation on screen when deciding. Without one (no explanation
 * had arrived, or it failed) it is {@value #ANOMALOUS} when the detector's score was above its threshold and
 * {@code normal} otherwise. An accept agrees with the machine by definition, so its machine class is the class
 * accepted.
 *
 * @param shown  the explanation shown when deciding, empty when none was
 */
public record ReviewCase(ReviewedInspection inspection, Decision decision, Optional<MachineAnswer> shown) {
    /** The machine class when the detector flagged the frame but no explanation named a class. */
    public static final String ANOMALOUS = "anomalous";
    public static final String NORMAL = "normal";

    public String machineClass() {
        if (decision.action() == Action.ACCEPT) {
            return decision.finalClass();
        }
        return shown.flatMap(MachineAnswer::answeredClass)
                .orElse(inspection.anomalous() ? ANOMALOUS : NORMAL);
    }

    /** The machine's severity, empty when no explanation gave one. */
    public Optional<Severity> machineSeverity() {
        if (decision.action() == Action.ACCEPT) {
            return Optional.of(decision.severity());
        }
        return shown.filter(a -> a.answeredClass().isPresent()).flatMap(MachineAnswer::severity);
    }

    public String finalClass() {
        return decision.finalClass();
    }

    public boolean overridden() {
        return decision.action() == Action.OVERRIDE;
    }
}
