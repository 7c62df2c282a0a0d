package io.kensa.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 speaking the Chat Completions protocol (plain JSON errors and SSE streaming, or
 * a plain 200 body for servers that do not stream),
 * answering from a script of replies and recording every request it receives.
 */
public final class FakeChatServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What one request receives. */
    public record Reply(int status, Map<String, String> headers, String body, List<String> sseEvents, long delayMs,
                 long chunkDelayMs) {
        public static Reply stream(String content) {
            return streamWith(content, "stop", 0);
        }

        public static Reply streamWith(String content, String finishReason, long chunkDelayMs) {
            List<String> events = new java.util.ArrayList<>();
            for (int i = 0; i < content.length(); i += 9) {
                events.add(chunk(delta("content", content.substring(i, Math.min(content.length(), i + 9))), null));
            }
            events.add(chunk(JSON.createObjectNode(), finishReason));
            events.add(usage(1234, 56));
            return new Reply(200, Map.of(), "", events, 0, chunkDelayMs);
        }

        static Reply refusal(String text) {
            return new Reply(200, Map.of(), "", List.of(chunk(delta("refusal", text), null), chunk(JSON.createObjectNode(), "stop")),
                    0, 0);
        }

        static Reply error(int status, String message, Map<String, String> headers) {
            String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"test\",\"code\":\"" + status + "\"}}";
            return new Reply(status, headers, body, List.of(), 0, 0);
        }

        /** A 200 that is not an event stream, as from a server that ignores {@code stream: true} or is not an LLM API. */
        static Reply plain(String contentType, String body) {
            return new Reply(200, Map.of("Content-Type", contentType), body, List.of(), 0, 0);
        }

        /** A whole non-streamed chat completion, as some OpenAI-compatible servers answer a streaming request. */
        static Reply completion(String content) {
            ObjectNode c = JSON.createObjectNode();
            c.put("id", "chatcmpl-test");
            c.put("object", "chat.completion");
            c.put("created", 1700000000);
            c.put("model", "test-vision");
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", content);
            choice.put("finish_reason", "stop");
            ObjectNode u = c.putObject("usage");
            u.put("prompt_tokens", 1234);
            u.put("completion_tokens", 56);
            u.put("total_tokens", 1290);
            return plain("application/json", c.toString());
        }

        static Reply rawSse(String... events) {
            return new Reply(200, Map.of(), "", List.of(events), 0, 0);
        }

        /** The same reply with a response header (e.g. an event stream labelled with another Content-Type). */
        Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, Map.copyOf(more), body, sseEvents, delayMs, chunkDelayMs);
        }

        Reply delayed(long ms) {
            return new Reply(status, headers, body, sseEvents, ms, chunkDelayMs);
        }
    }

    /** A request as received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse("");
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Reply> fallback = r -> Reply.error(500, "no reply scripted", Map.of());

    public FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-chat-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public FakeChatServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public FakeChatServer always(Reply reply) {
        fallback = r -> reply;
        return this;
    }

    /** Once the script is used up, every request is answered by {@code responder} from what it received. */
    public FakeChatServer answering(Function<Received, Reply> responder) {
        fallback = responder;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] bytes = ex.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            Received request = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    String.valueOf(ex.getRequestURI().getRawQuery()), Map.copyOf(ex.getRequestHeaders()), body);
            received.add(request);
            Reply reply = script.poll();
            if (reply == null) {
                reply = fallback.apply(request);
            }
            sleep(reply.delayMs());
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (reply.sseEvents().isEmpty()) {
                // one plain body: an error, or a 200 that does not stream
                byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
                if (!ex.getResponseHeaders().containsKey("Content-Type")) {
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                }
                ex.sendResponseHeaders(reply.status(), out.length);
                ex.getResponseBody().write(out);
                return;
            }
            if (!ex.getResponseHeaders().containsKey("Content-Type")) {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            }
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String event : reply.sseEvents()) {
                out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(reply.chunkDelayMs());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client hung up (timeout or cancel): nothing to answer
        }
    }

    private static ObjectNode delta(String field, String text) {
        ObjectNode d = JSON.createObjectNode();
        d.put("role", "assistant");
        d.put(field, text);
        return d;
    }

    /** The fields every streamed chunk starts with, as OpenAI sends them. */
    private static ObjectNode chunkHeader() {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", "chatcmpl-test");
        c.put("object", "chat.completion.chunk");
        c.put("created", 1700000000);
        c.put("model", "test-vision");
        return c;
    }

    private static String chunk(ObjectNode delta, String finishReason) {
        ObjectNode c = chunkHeader();
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return c.toString();
    }

    private static String usage(int prompt, int completion) {
        ObjectNode c = chunkHeader();
        c.putArray("choices");
        ObjectNode u = c.putObject("usage");
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return c.toString();
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
