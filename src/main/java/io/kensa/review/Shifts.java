package io.kensa.review;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plant's shifts as named start times ({@code early=06:00,late=14:00,night=22:00}). A shift runs until the next
 * one starts; a shift that runs past midnight belongs to the day it started on, as a shift report does.
 */
public record Shifts(List<Shift> starts) {
    public static final Shifts THREE_EIGHT_HOUR = parse("early=06:00,late=14:00,night=22:00");

    public Shifts {
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("Shifts need at least one name=HH:MM start, e.g. early=06:00,late=14:00");
        }
        starts = starts.stream().sorted(Comparator.comparing(Shift::start)).toList();
        for (int i = 1; i < starts.size(); i++) {
            if (starts.get(i).start().equals(starts.get(i - 1).start())) {
                throw new IllegalArgumentException("Shifts " + starts.get(i - 1).name() + " and " + starts.get(i).name()
                        + " both start at " + starts.get(i).start() + ": give each shift its own start time");
            }
        }
    }

    public record Shift(String name, LocalTime start) {}

    /** The shift a moment falls in, named by its start day: {@code 2026-12-01 night}; ordered by time. */
    public record Slot(LocalDate day, int index, String shift) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot o) {
            int byDay = day.compareTo(o.day);
            return byDay != 0 ? byDay : Integer.compare(index, o.index);
        }

        @Override
        public String toString() {
            return day + " " + shift;
        }
    }

    /** @param spec comma-separated {@code name=HH:MM} */
    public static Shifts parse(String spec) {
        List<Shift> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("Shift '" + part.strip() + "' is not name=HH:MM (e.g. early=06:00)");
            }
            try {
                out.add(new Shift(kv[0].strip(), LocalTime.parse(kv[1].strip())));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Shift '" + part.strip() + "': '" + kv[1].strip()
                        + "' is not a time of day HH:MM (e.g. 06:00)");
            }
        }
        return new Shifts(out);
    }

    public Slot slotOf(ZonedDateTime at) {
        LocalTime time = at.toLocalTime();
        for (int i = starts.size() - 1; i >= 0; i--) {
            if (!time.isBefore(starts.get(i).start())) {
                return new Slot(at.toLocalDate(), i, starts.get(i).name());
            }
        }
        // before the first start of the day: still the last shift of the day before
        int last = starts.size() - 1;
        return new Slot(at.toLocalDate().minusDays(1), last, starts.get(last).name());
    }
}
