package io.kensa.llm;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the offline explainer needs beyond the prompt sections: how to name the image zones for this product, and
 * simple geometric rules mapping a flagged region to the AD class it most resembles. Rules are tried in order;
 * the first whose zone and area bounds match wins.
 *
 * <p>Zones are generic geometry: the mean distance of the flagged pixels from the image centre, as a fraction of
 * half the shorter image side. Below {@code centreRadius} is the centre, below {@code ringRadius} the ring, beyond
 * that the edge.
 *
 * @param zoneNames  optional product words per zone, e.g. {@code ring → "rim of the bottle"}
 */
public record OfflineHints(double centreRadius, double ringRadius, Map<Zone, String> zoneNames, List<Rule> rules) {

    public static final OfflineHints NONE = new OfflineHints(0.45, 0.85, Map.of(), List.of());

    public OfflineHints {
        zoneNames = Map.copyOf(zoneNames);
        rules = List.copyOf(rules);
    }

    /** Where on the image a region lies, by distance from the image centre. */
    public enum Zone {
        CENTRE, RING, EDGE, ANY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Zone fromWire(String text) {
            for (Zone z : values()) {
                if (z.wire().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return z;
                }
            }
            throw new IllegalArgumentException("zone '" + text + "' is not one of centre, ring, edge, any");
        }
    }

    /**
     * @param className        an AD class name of the profile
     * @param minAreaPercent   the flagged area must be at least this (% of the image), 0 for no bound
     * @param maxAreaPercent   and below this, 100 for no bound
     */
    public record Rule(String className, Zone zone, double minAreaPercent, double maxAreaPercent) {
        public boolean matches(Zone actual, double areaPercent) {
            return (zone == Zone.ANY || zone == actual) && areaPercent >= minAreaPercent && areaPercent < maxAreaPercent;
        }

        public String describe() {
            StringBuilder s = new StringBuilder(zone == Zone.ANY ? "any zone" : zone.wire() + " zone");
            if (minAreaPercent > 0) {
                s.append(String.format(Locale.ROOT, ", area at least %.1f%%", minAreaPercent));
            }
            if (maxAreaPercent < 100) {
                s.append(String.format(Locale.ROOT, ", area below %.1f%%", maxAreaPercent));
            }
            return s.toString();
        }
    }

    public Zone zoneOf(double normalisedRadius) {
        if (normalisedRadius < centreRadius) {
            return Zone.CENTRE;
        }
        return normalisedRadius < ringRadius ? Zone.RING : Zone.EDGE;
    }

    /** Generic words for the zone, plus the product's own name for it when the profile gives one. */
    public String describeZone(Zone zone) {
        String generic = switch (zone) {
            case CENTRE -> "in the centre of the image";
            case RING -> "in the ring around the centre";
            case EDGE -> "near the image border";
            case ANY -> "anywhere";
        };
        String own = zoneNames.get(zone);
        return own == null || own.isBlank() ? generic : generic + " (" + own + ")";
    }
}
