package io.kensa.llm;

import io.kensa.util.Threads;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1 that misbehaves on purpose, for {@code kensa bench soak}:
 * the requests take turns through {@link Fault}: a good streamed answer, a slow stream, a stream that never ends
 * (until the client gives up), a 429 storm, and malformed JSON in the stream. Real HTTP, so the real client, its
 * timeouts and retries are what is exercised.
 */
public final class FaultyLlmServer implements AutoCloseable {
    /** What one request gets. */
    public enum Fault { ANSWER, SLOW_STREAM, ENDLESS_STREAM, RATE_LIMITED, MALFORMED_JSON }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.8,"
            + "\"rationale\":\"Part of the rim is missing inside the outline.\",\"evidence\":\"rim, lower right\"}";
    /** An endless stream stops on its own after this long, should a client never hang up. */
    private static final long ENDLESS_LIMIT_MS = 10 * 60_000L;

    private final HttpServer server;
    private final ExecutorService handlers = Threads.cached("kensa-soak-llm");
    private final AtomicLong requests = new AtomicLong();
    private final Map<Fault, AtomicLong> served = new EnumMap<>(Fault.class);

    public FaultyLlmServer() throws IOException {
        for (Fault f : Fault.values()) {
            served.put(f, new AtomicLong());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Requests answered with each fault so far. */
    public Map<Fault, Long> served() {
        Map<Fault, Long> copy = new EnumMap<>(Fault.class);
        served.forEach((f, n) -> copy.put(f, n.get()));
        return copy;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            Fault fault = Fault.values()[(int) (requests.getAndIncrement() % Fault.values().length)];
            served.get(fault).incrementAndGet();
            if (fault == Fault.RATE_LIMITED) {
                byte[] body = "{\"error\":{\"message\":\"rate limited (soak)\",\"type\":\"requests\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.getResponseHeaders().add("Retry-After", "1");
                ex.sendResponseHeaders(429, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            switch (fault) {
                case ANSWER -> stream(out, ANSWER, 0);
                case SLOW_STREAM -> stream(out, ANSWER, 150);
                case MALFORMED_JSON -> send(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"class\\\":");
                case ENDLESS_STREAM -> {
                    long end = System.currentTimeMillis() + ENDLESS_LIMIT_MS;
                    while (System.currentTimeMillis() < end) {
                        send(out, chunk(" ", null)); // whitespace forever: valid events, never an answer
                        pause(200);
                    }
                }
                default -> throw new IllegalStateException(fault.name());
            }
            send(out, "[DONE]");
        } catch (IOException e) {
            // the client hung up (its timeout, or the soak ending): nothing more to send
        }
    }

    private static void stream(OutputStream out, String content, long pauseMs) throws IOException {
        for (int i = 0; i < content.length(); i += 12) {
            send(out, chunk(content.substring(i, Math.min(content.length(), i + 12)), null));
            pause(pauseMs);
        }
        send(out, chunk("", "stop"));
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One server-sent event of an OpenAI chat completion stream. */
    @JsonPropertyOrder({"id", "object", "created", "model", "choices"})
    private record Chunk(String id, String object, long created, String model, List<Choice> choices) {}

    /** {@code finish_reason} is null (and written) until the last chunk. */
    @JsonPropertyOrder({"index", "delta", "finish_reason"})
    private record Choice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    /** The text this chunk adds; the last chunk adds none. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private record Delta(String content) {}

    private static String chunk(String content, String finishReason) {
        Chunk chunk = new Chunk("chatcmpl-soak", "chat.completion.chunk", 1_700_000_000, "soak-vision",
                List.of(new Choice(0, new Delta(content), finishReason)));
        try {
            return JSON.writeValueAsString(chunk);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream chunk as JSON", e);
        }
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
