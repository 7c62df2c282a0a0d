package io.kensa.store;

/**
 * A station's flagged frames as its database holds them: stored as inspections, or recorded as not stored (with the
 * reason). Read from the database, so they survive a restart.
 */
public record FrameCounts(long recorded, long notRecorded) {
    public static final FrameCounts NONE = new FrameCounts(0, 0);

    /** Every frame that went to the desk (over the gate, or sent on demand). */
    public long flagged() {
        return recorded + notRecorded;
    }

    public FrameCounts plusRecorded() {
        return new FrameCounts(recorded + 1, notRecorded);
    }

    public FrameCounts plusNotRecorded() {
        return new FrameCounts(recorded, notRecorded + 1);
    }
}
