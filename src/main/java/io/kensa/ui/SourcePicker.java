package io.kensa.ui;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The source field of the Inspect toolbar, bound to the view-model's source text and recent sources. Enter in the
 * field, or a pick from its list, (re)starts capture with that source; typing alone, leaving the field, or the
 * view-model setting the picker never does.
 */
final class SourcePicker {
    final ComboBox<String> source = new ComboBox<>();
    /** The picker's value when its list opened: a pick from the list is a change of it. */
    private String valueWhenShown;
    /** Set while the picker shows a value of the view-model (not a change by the user). */
    private boolean updating;

    SourcePicker(InspectViewModel vm) {
        source.setId("source");
        source.setEditable(true);
        source.setPrefWidth(260);
        source.setTooltip(new Tooltip("folder:PATH  video:PATH  usb:0  usb:/dev/video0  gige://ADDRESS   (options: ?fps=5)"));
        source.setItems(vm.sources());
        showSource(vm.source().get());
        source.getEditor().textProperty().addListener((o, a, text) -> {
            if (!updating) {
                vm.source().set(text);
            }
        });
        vm.source().addListener((o, a, spec) -> {
            if (!spec.equals(source.getEditor().getText())) {
                showSource(spec);
            }
        });
        source.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !source.isShowing()) {
                vm.switchTo(source.getEditor().getText());
            }
        });
        source.setOnShowing(e -> valueWhenShown = source.getValue());
        source.setOnHidden(e -> {
            if (!updating && source.getValue() != null && !source.getValue().equals(valueWhenShown)) {
                vm.switchTo(source.getValue());
            }
        });
    }

    /** Shows a spec in the picker without that counting as the user's pick. */
    private void showSource(String spec) {
        updating = true;
        try {
            source.getEditor().setText(spec);
            source.setValue(spec);
        } finally {
            updating = false;
        }
    }
}
