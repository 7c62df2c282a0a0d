package io.kensa.ui;

import io.kensa.llm.AnomalyClass;
import io.kensa.model.Severity;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable row of the AD class table; the record it stands for is rebuilt on every change. */
final class PromptClassRow {
    final StringProperty name = new SimpleStringProperty("");
    final StringProperty definition = new SimpleStringProperty("");
    final StringProperty distinguishFrom = new SimpleStringProperty("");
    final ObjectProperty<Severity> severity = new SimpleObjectProperty<>(Severity.DEFECT);

    static PromptClassRow of(AnomalyClass c) {
        PromptClassRow row = new PromptClassRow();
        row.name.set(c.name());
        row.definition.set(c.definition());
        row.distinguishFrom.set(c.distinguishFrom());
        row.severity.set(c.defaultSeverity());
        return row;
    }

    AnomalyClass toAnomalyClass() {
        return new AnomalyClass(name.get().strip(), definition.get(), distinguishFrom.get(), severity.get());
    }

    /** What a list must watch to hear about edits inside a row. */
    Observable[] observables() {
        return new Observable[] {name, definition, distinguishFrom, severity};
    }
}
