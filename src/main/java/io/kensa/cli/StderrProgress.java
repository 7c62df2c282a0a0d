package io.kensa.cli;

import io.kensa.detect.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on stderr, at most a few per second, so long commands show they are alive. */
final class StderrProgress implements Progress {
    private final PrintWriter err;
    private long lastNanos;
    private String lastMessage = "";

    StderrProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void update(double fraction, String message) {
        long now = System.nanoTime();
        boolean done = fraction >= 1;
        if (done || now - lastNanos > 500_000_000L || !sameKind(message)) {
            err.printf(Locale.ROOT, "[%3.0f%%] %s%n", 100 * fraction, message);
            err.flush();
            lastNanos = now;
            lastMessage = message;
        }
    }

    private boolean sameKind(String message) {
        int cut = Math.min(12, Math.min(message.length(), lastMessage.length()));
        return message.regionMatches(0, lastMessage, 0, cut);
    }
}
