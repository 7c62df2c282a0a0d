package io.kensa.ui;

import io.kensa.capture.CaptureEvent;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.inspect.WorkstationListener;
import java.util.function.Supplier;

/**
 * The workstation starts reporting (model progress) before its window exists; events before then are dropped
 * except the last model state, which the window shows once it is up.
 */
final class DeferredListener implements WorkstationListener {
    private final Supplier<WorkstationListener> target;
    private volatile Runnable pendingModel = () -> { };

    DeferredListener(Supplier<WorkstationListener> target) {
        this.target = target;
    }

    @Override
    public void capture(CaptureEvent event) {
        WorkstationListener t = target.get();
        if (t != null) {
            t.capture(event);
        }
    }

    @Override
    public void model(double fraction, String message, boolean finished) {
        WorkstationListener t = target.get();
        if (t == null) {
            pendingModel = () -> target.get().model(fraction, message, finished);
            return;
        }
        pendingModel.run();
        pendingModel = () -> { };
        t.model(fraction, message, finished);
    }

    @Override
    public void desk(DeskSnapshot snapshot) {
        WorkstationListener t = target.get();
        if (t != null) {
            t.desk(snapshot);
        }
    }

    @Override
    public void warning(String message) {
        WorkstationListener t = target.get();
        if (t != null) {
            t.warning(message);
        }
    }
}
