package io.kensa.ui;

import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.model.Severity;
import io.kensa.review.DecisionKeymap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Inspect tab's keys: F5 and F12 / Ctrl+S for capture, the decision keys of the key map (also a USB keypad or
 * foot pedal), the override's class and severity keys, Ctrl+Z, and the overlay and explanation letters.
 */
final class InspectKeys {
    /** What the keys do besides deciding the case. */
    record Commands(Runnable toggleCapture, Runnable snapshot, Runnable toggleHeatmap, Runnable toggleCam,
                    Runnable sendToLlm) {}

    private final CaseViewModel caseVm;
    private final Commands commands;
    /** Told when the key map setting does not read. */
    private final Consumer<String> warning;
    private DecisionKeymap keymap;

    InspectKeys(CaseViewModel caseVm, Commands commands, Settings settings, Consumer<String> warning) {
        this.caseVm = caseVm;
        this.commands = commands;
        this.warning = warning;
        use(settings);
    }

    /** The decision keys from the settings ({@code keymap.decision}, e.g. for a foot pedal), else the defaults. */
    void use(Settings settings) {
        try {
            keymap = settings.get(SettingsForm.KEYMAP).map(DecisionKeymap::parse).orElse(DecisionKeymap.defaults());
        } catch (IllegalArgumentException e) {
            warning.accept("Key map setting ignored: " + e.getMessage());
            keymap = DecisionKeymap.defaults();
        }
    }

    /**
     * A key pressed on the Inspect tab, by its {@code KeyCode} name. {@code typing}: the focus is in a text field,
     * so letters are letters. Returns whether the key was used.
     */
    boolean key(String name, boolean shift, boolean shortcut, boolean typing) {
        if (name.equals("F5")) {
            commands.toggleCapture().run();
            return true;
        }
        if (name.equals("F12") || (shortcut && !shift && name.equals("S"))) {
            commands.snapshot().run();
            return true;
        }
        if (!typing && shortcut && !shift && name.equals("Z")) {
            caseVm.undo();
            return true;
        }
        Optional<DecisionKeymap.Binding> binding = keymap.lookup(name);
        if (caseVm.overrideOpen().get()) {
            return overrideKey(name, binding, typing);
        }
        if (typing) {
            return false;
        }
        if (binding.isPresent()) {
            return decisionKey(binding.get().command());
        }
        Runnable letter = switch (name) {
            case "H" -> commands.toggleHeatmap();
            case "G" -> commands.toggleCam();
            case "L" -> shift ? caseVm::explainAgain : commands.sendToLlm();
            default -> null;
        };
        if (letter == null) {
            return false;
        }
        letter.run();
        return true;
    }

    private boolean decisionKey(DecisionKeymap.Command command) {
        switch (command) {
            case ACCEPT -> caseVm.accept();
            case OVERRIDE -> caseVm.openOverride();
            case UNDO -> caseVm.undo();
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean overrideKey(String name, Optional<DecisionKeymap.Binding> binding, boolean typing) {
        DecisionKeymap.Command command = binding.map(DecisionKeymap.Binding::command).orElse(null);
        if (command == DecisionKeymap.Command.CANCEL) {
            caseVm.closeOverride();
            return true;
        }
        if (command == DecisionKeymap.Command.ACCEPT) {
            caseVm.confirmOverride();
            return true;
        }
        if (typing) {
            return false;
        }
        if (command == DecisionKeymap.Command.PICK_CLASS) {
            caseVm.pickClass(binding.get().classIndex());
            return true;
        }
        Optional<Severity> s = switch (name) {
            case "N" -> Optional.of(Severity.NORMAL);
            case "M" -> Optional.of(Severity.MINOR);
            case "D" -> Optional.of(Severity.DEFECT);
            default -> Optional.empty();
        };
        s.ifPresent(caseVm::pickSeverity);
        return s.isPresent();
    }
}
