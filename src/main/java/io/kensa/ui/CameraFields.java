package io.kensa.ui;

import io.kensa.capture.CaptureException;
import io.kensa.capture.gige.CameraFeatures.DoubleRange;
import io.kensa.capture.gige.CameraFeatures.IntRange;
import io.kensa.capture.gige.CameraSetting;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The fields of {@link CameraSettingsViewModel}'s form (javafx.beans only): a choice among the camera's own values,
 * a whole number and a decimal within the camera's range, each with its typed text, its lenient reading and its
 * check; and the number formatting the camera dialogs share.
 */
final class CameraFields {
    private CameraFields() {}

    /** One of the camera's own choices (pixel format, trigger). */
    static final class Pick {
        private final ObservableList<String> items = FXCollections.observableArrayList();
        private final ObjectProperty<String> value = new SimpleObjectProperty<>();

        void offer(List<String> offered, String wanted) {
            items.setAll(offered);
            value.set(offered.stream().filter(o -> o.equalsIgnoreCase(wanted)).findFirst().orElse(offered.get(0)));
        }

        public ObservableList<String> items() {
            return items;
        }

        public ObjectProperty<String> value() {
            return value;
        }
    }

    /**
     * A whole number within the camera's range and step. {@link #text()} is what is typed (the view binds its editor
     * to it); {@link #fromText} is the lenient reading of a typed value: the nearest value the camera takes, or the
     * present value when the text is not a number.
     */
    static final class Whole {
        private final String what;
        private final ObjectProperty<Integer> value = new SimpleObjectProperty<>(0);
        private final StringProperty text = new SimpleStringProperty("");
        private IntRange range = new IntRange(0, 0, 1);

        Whole(String what) {
            this.what = what;
        }

        void offer(IntRange offered, String initial) {
            range = offered;
            int start;
            try {
                start = offered.fit(Integer.parseInt(initial.strip()));
            } catch (NumberFormatException e) {
                start = offered.min();
            }
            value.set(start);
            text.set(Integer.toString(start));
        }

        /** The nearest value the camera takes; throws for text that is not a whole number. */
        public int parse(String typed) {
            return range.fit(Integer.parseInt(typed.strip()));
        }

        /** Leaving the field: the typed text becomes the nearest value the camera takes, or stays as it was. */
        public void leave() {
            value.set(lenient(text.get(), this::parse, value.get()));
            text.set(Integer.toString(value.get()));
        }

        int commit(IntRange camera) throws CaptureException {
            String typed = text.get().strip();
            int v;
            try {
                v = Integer.parseInt(typed);
            } catch (NumberFormatException e) {
                throw new CaptureException(what + " '" + typed + "' is not a whole number. The camera takes " + CameraFields.range(camera) + ".");
            }
            if (!camera.contains(v)) {
                throw new CaptureException(what + " " + v + " is not one the camera takes (" + CameraFields.range(camera)
                        + "); the nearest is " + camera.fit(v) + ".");
            }
            value.set(v);
            return v;
        }

        public IntRange range() {
            return range;
        }

        public ObjectProperty<Integer> value() {
            return value;
        }

        public StringProperty text() {
            return text;
        }
    }

    /**
     * A decimal within the camera's range (frame rate, exposure, gain), optionally with "Automatic": when
     * {@link #autoOffered()}, {@link #auto()} is the check box, and {@link #autoLocked()} when the camera has no fixed
     * range (automatic only).
     */
    static final class Decimal {
        private final String what;
        private final ObjectProperty<Double> value = new SimpleObjectProperty<>(0.0);
        private final StringProperty text = new SimpleStringProperty("");
        private final BooleanProperty auto = new SimpleBooleanProperty(false);
        private Optional<DoubleRange> range = Optional.empty();
        private boolean autoOffered;

        Decimal(String what) {
            this.what = what;
        }

        void offer(Optional<DoubleRange> offered, boolean hasAuto, String initial, boolean automatic) {
            range = offered;
            autoOffered = hasAuto;
            auto.set(hasAuto && automatic);
            offered.ifPresent(r -> {
                double start;
                try {
                    start = r.fit(Double.parseDouble(initial.strip()));
                } catch (NumberFormatException e) {
                    start = r.min();
                }
                value.set(start);
                text.set(number(start));
            });
        }

        /** The nearest value the camera takes ({@code ,} is read as {@code .}); throws for text that is not a number. */
        public double parse(String typed) {
            return range.orElseThrow().fit(Double.parseDouble(typed.strip().replace(',', '.')));
        }

        /** Leaving the field: the typed text becomes the nearest value the camera takes, or stays as it was. */
        public void leave() {
            value.set(lenient(text.get(), this::parse, value.get()));
            text.set(number(value.get()));
        }

        void commit() throws CaptureException {
            DoubleRange camera = range.orElseThrow();
            String typed = text.get().strip();
            double v;
            try {
                v = Double.parseDouble(typed.replace(',', '.'));
            } catch (NumberFormatException e) {
                throw new CaptureException(what + " '" + typed + "' is not a number. The camera takes " + CameraFields.range(camera) + ".");
            }
            if (!Double.isFinite(v) || !camera.contains(v)) {
                throw new CaptureException(what + " " + typed + " is outside what the camera takes (" + CameraFields.range(camera) + ").");
            }
            value.set(v);
        }

        boolean isAuto() {
            return autoOffered && auto.get();
        }

        void putInto(Map<String, String> out, CameraSetting setting) {
            if (isAuto()) {
                out.put(setting.key(), "auto");
            } else if (range.isPresent()) {
                out.put(setting.key(), number(value.get()));
            }
        }

        public Optional<DoubleRange> range() {
            return range;
        }

        /** The spinner's step: 1, 2 or 5 × 10ⁿ giving about a hundred steps over the range. */
        public double step() {
            return range.map(CameraFields::step).orElse(1.0);
        }

        public boolean autoOffered() {
            return autoOffered;
        }

        public boolean autoLocked() {
            return range.isEmpty();
        }

        public BooleanProperty auto() {
            return auto;
        }

        public ObjectProperty<Double> value() {
            return value;
        }

        public StringProperty text() {
            return text;
        }
    }

    /** The typed value read by {@code parse}, or {@code fallback} when it is not a number (never throws). */
    static <T> T lenient(String typed, Function<String, T> parse, T fallback) {
        try {
            return parse.apply(typed == null ? "" : typed.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String range(IntRange r) {
        return r.min() + "–" + r.max() + (r.increment() > 1 ? ", step " + r.increment() : "");
    }

    static String range(DoubleRange r) {
        return number(r.min()) + "–" + number(r.max());
    }

    /** A step of 1, 2 or 5 × 10ⁿ giving about a hundred steps over the range. */
    static double step(DoubleRange r) {
        double raw = (r.max() - r.min()) / 100;
        if (!(raw > 0)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw >= 5 * decade ? 5 * decade : raw >= 2 * decade ? 2 * decade : decade;
        return Math.max(step, 0.001);
    }

    /** Plain decimal text without a locale's separators: {@code 10000}, {@code 2.5}. */
    static String number(double v) {
        return BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }
}
