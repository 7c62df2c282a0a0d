package io.kensa.llm;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the caller's streaming callback without letting its bugs end the explanation. */
final class Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

    private Callbacks() {}

    static void deliver(Consumer<String> callback, String text) {
        try {
            callback.accept(text);
        } catch (RuntimeException e) {
            LOG.warn("The rationale listener failed: {}", e.toString());
        }
    }
}
