package io.kensa.llm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A cheap reachability check of an OpenAI-compatible endpoint: {@code GET <baseUrl>/models}, which costs no tokens.
 * The key is sent as a bearer token and never appears in a result (URLs are {@link Endpoints#redact redacted}).
 */
public final class EndpointProbe {
    /** {@code reachable}: an HTTP answer came back; {@code status}: its code (0 when none). */
    public record Result(boolean reachable, int status, String detail) {}

    private EndpointProbe() {}

    public static Result probe(String baseUrl, Optional<String> key, Duration timeout) {
        String url = baseUrl.replaceAll("/+$", "") + "/models";
        String shown = Endpoints.redact(url);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
            key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Result(true, response.statusCode(), "GET " + shown + " answered HTTP " + response.statusCode());
        } catch (IllegalArgumentException e) {
            return new Result(false, 0, "the endpoint " + Endpoints.redact(baseUrl) + " is not a valid URL");
        } catch (IOException e) {
            return new Result(false, 0, "GET " + shown + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "GET " + shown + " was interrupted");
        }
    }
}
