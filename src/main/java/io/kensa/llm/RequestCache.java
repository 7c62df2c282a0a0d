package io.kensa.llm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Answers to identical requests (same images, prompt, profile version, model), least recently used evicted first. */
final class RequestCache {
    private final int capacity;
    private final Map<String, Explanation> entries;

    RequestCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Explanation> eldest) {
                return size() > RequestCache.this.capacity;
            }
        };
    }

    synchronized Optional<Explanation> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, Explanation answer) {
        if (capacity > 0) {
            entries.put(key, answer);
        }
    }
}
