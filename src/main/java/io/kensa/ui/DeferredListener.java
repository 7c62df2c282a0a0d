package io.kensa.ui;

import io.kensa.capture.CaptureEvent;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.inspect.WorkstationListener;

/**
 * The workstation starts reporting (model progress) before its window exists. Until {@link #attach} the last model
 * event is kept and then replayed, so a detector that became ready — or failed — during start-up is never missed;
 * other events before then concern nothing on screen and are dropped.
 */
final class DeferredListener implements WorkstationListener {
    private record ModelEvent(double fraction, String message, boolean finished) {}

    private WorkstationListener target;
    private ModelEvent lastModel;

    synchronized void attach(WorkstationListener window) {
        target = window;
        if (lastModel != null) {
            window.model(lastModel.fraction(), lastModel.message(), lastModel.finished());
        }
    }

    private synchronized WorkstationListener target() {
        return target;
    }

    @Override
    public void capture(CaptureEvent event) {
        WorkstationListener t = target();
        if (t != null) {
            t.capture(event);
        }
    }

    @Override
    public void model(double fraction, String message, boolean finished) {
        WorkstationListener t;
        synchronized (this) {
            lastModel = new ModelEvent(fraction, message, finished);
            t = target;
        }
        if (t != null) {
            t.model(fraction, message, finished);
        }
    }

    @Override
    public void desk(DeskSnapshot snapshot) {
        WorkstationListener t = target();
        if (t != null) {
            t.desk(snapshot);
        }
    }

    @Override
    public void warning(String message) {
        WorkstationListener t = target();
        if (t != null) {
            t.warning(message);
        }
    }
}
