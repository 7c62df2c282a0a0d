package io.kensa.inspect;

import io.kensa.capture.CaptureEvent;

/** What the workstation tells its window; called from worker threads (the UI hands it to its own thread). */
public interface WorkstationListener {
    void capture(CaptureEvent event);

    /** Model loading or training: fraction in [0,1], a sentence, and whether it is finished (ready or failed). */
    void model(double fraction, String message, boolean finished);

    void desk(DeskSnapshot snapshot);

    /** A warning worth showing (detection failed on a frame, explainer not configured properly…). */
    void warning(String message);
}
