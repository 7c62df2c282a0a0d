package io.kensa.llm;

import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.kensa.model.ExplanationStatus;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explains through any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp)
 * with streaming, temperature 0 and a JSON-schema answer. Gate, cache and budget are applied here; every fault
 * ends in its own {@link ExplanationStatus}. The API key is held only by the HTTP client and shown masked.
 */
final class ChatExplainer extends BaseExplainer {
    private static final Logger LOG = LoggerFactory.getLogger(ChatExplainer.class);
    private static final int WORKERS = 2;
    /** A non-streamed body is read up to this size: a whole chat completion fits many times over. */
    private static final int MAX_UNSTREAMED_BYTES = 1 << 20;
    /** A streamed answer longer than this is a runaway stream (an answer is a few kB): it is cut off, not used. */
    static final int MAX_STREAMED_CHARS = 1 << 20;
    /**
     * Past this length the rationale streamed so far is shown at most every {@link #PREVIEW_NANOS} (parsing a growing
     * answer on every chunk is quadratic in its length); a normal answer is shown chunk by chunk.
     */
    private static final int PREVIEW_EVERY_CHUNK_CHARS = 16_384;
    private static final long PREVIEW_NANOS = 100_000_000L;
    /** How much of a body that is not an answer is kept for review. */
    private static final int KEPT_RAW_CHARS = 16_000;

    /** The URL as configured: only the HTTP client and the cache key see it. */
    private final String baseUrl;
    /** The URL with user-info and query values redacted: the only form shown, logged or recorded. */
    private final String endpoint;
    private final List<String> urlSecrets;
    private final String maskedKey;
    private final String secret;
    private final OpenAIClient client;
    private final RequestCache cache;

    ChatExplainer(LlmSettings settings, Optional<String> apiKey) throws ExplainerSetupException {
        super(settings, "kensa-llm", WORKERS);
        this.baseUrl = settings.baseUrl().orElseThrow().strip();
        this.endpoint = Endpoints.redact(baseUrl);
        this.urlSecrets = Endpoints.secrets(baseUrl);
        this.secret = apiKey.orElse("");
        this.maskedKey = apiKey.map(ApiKeys::mask).orElse("no key");
        if (settings.model().isBlank()) {
            throw new ExplainerSetupException("No model name is set for the LLM endpoint " + endpoint
                    + ". Set llm.model (e.g. gpt-4o-mini, or qwen2.5vl:7b for Ollama).");
        }
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new ExplainerSetupException("The LLM base URL '" + endpoint + "' is not a URL: "
                    + scrub(e.getMessage()), e);
        }
        if (uri.getHost() == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new ExplainerSetupException("The LLM base URL '" + endpoint
                    + "' must start with http:// or https:// and name a host, e.g. http://localhost:11434/v1");
        }
        this.cache = new RequestCache(settings.cacheEntries());
        Duration t = settings.timeout();
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .maxRetries(0) // Kensa retries 429 itself, honouring Retry-After, so every attempt is counted
                .timeout(Timeout.builder().connect(t.compareTo(Duration.ofSeconds(10)) < 0 ? t : Duration.ofSeconds(10))
                        .read(t).write(t).request(t).build());
        if (azure(uri.getHost())) {
            if (apiKey.isEmpty()) {
                throw new ExplainerSetupException("Azure OpenAI at " + endpoint + " needs an API key: set "
                        + settings.apiKeyEnv() + " or save the key file.");
            }
            builder.credential(AzureApiKeyCredential.create(apiKey.get()));
            // the deployment routes need an api-version; Azure's v1 API (…/openai/v1) takes none
            boolean v1 = uri.getPath() != null && uri.getPath().replaceAll("/+$", "").endsWith("/openai/v1");
            if (!v1 && !settings.azureApiVersion().isBlank()) {
                builder.azureServiceVersion(AzureOpenAIServiceVersion.fromString(settings.azureApiVersion()));
            }
        } else {
            // local servers (Ollama, llama.cpp, vLLM without --api-key) ignore the header; the client requires one
            builder.apiKey(apiKey.orElse("none"));
        }
        this.client = builder.build();
    }

    static boolean azure(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".openai.azure.com") || h.endsWith(".services.ai.azure.com")
                || h.endsWith(".cognitiveservices.azure.com");
    }

    @Override
    public ExplanationTask explain(ExplainRequest request, Consumer<String> rationaleSoFar) {
        Records.Source source = Records.Source.of("llm", settings.model(), endpoint, request.profile().profile());
        ExplanationTask task = active.start(() -> Records.failure(source, ExplanationStatus.CANCELLED,
                "Cancelled: the explanation was stopped before the model finished.", "", "", 0, Records.Usage.NONE));
        workers.execute(() -> {
            try {
                if (!task.isCancelled()) {
                    task.finish(run(request, source, task, rationaleSoFar));
                }
            } catch (RuntimeException e) {
                LOG.warn("Explanation failed unexpectedly: {}", scrub(e.toString()));
                task.finish(Records.failure(source, ExplanationStatus.SERVER_ERROR,
                        "The explanation failed inside Kensa: " + scrub(String.valueOf(e.getMessage())), "", "", 0, Records.Usage.NONE));
            }
        });
        return task;
    }

    private Explanation run(ExplainRequest request, Records.Source source, ExplanationTask task, Consumer<String> sink) {
        PromptProfile profile = request.profile().profile();
        OutgoingRequest outgoing = preview(request);
        VisualPrompt visual = outgoing.visual();
        String prompt = visual.promptText();
        task.sent(visual);
        List<Encoded> refs = new ArrayList<>();
        visual.references().forEach(r -> refs.add(encode(r)));
        Encoded query = encode(visual.query());
        Optional<Encoded> outlined = request.sends(PromptPart.VP) ? Optional.of(encode(visual.outlined())) : Optional.empty();
        String summary = summary(profile, prompt, refs, query, outlined);
        String key = cacheKey(profile, prompt, refs, query, outlined);

        Optional<Explanation> cached = cache.get(key);
        if (cached.isPresent()) {
            counters.cacheHit();
            Explanation hit = Records.fromCache(cached.get());
            Callbacks.deliver(sink, hit.rationale());
            return hit;
        }
        Counters.Reservation reservation = counters.reserve(settings.budget(), Instant.now());
        if (reservation.spend().isEmpty()) {
            return Records.failure(source, ExplanationStatus.BUDGET_EXCEEDED, "Not sent to the LLM: " + reservation.refusal()
                    + ". The detector's result stands; raise the budget in Settings or wait.", summary, "", 0, Records.Usage.NONE);
        }
        ChatCompletionCreateParams params = params(outgoing, refs, query, outlined, profile);
        long start = System.nanoTime();
        Explanation result = call(params, profile, source, summary, task, sink, start);
        long latency = (System.nanoTime() - start) / 1_000_000;
        long tokensIn = result.promptTokens();
        long tokensOut = result.completionTokens();
        counters.finished(reservation.spend().get(), latency, tokensIn, tokensOut,
                settings.budget().cost(tokensIn, tokensOut), result.status() == ExplanationStatus.ANSWERED);
        if (result.status() == ExplanationStatus.ANSWERED) {
            cache.put(key, result);
        }
        LOG.info("LLM {} at {}: {} in {} ms ({} + {} tokens)", settings.model(), endpoint, result.status(), latency,
                tokensIn, tokensOut);
        return result;
    }

    private Explanation call(ChatCompletionCreateParams params, PromptProfile profile, Records.Source source,
                             String summary, ExplanationTask task, Consumer<String> sink, long start) {
        for (int attempt = 0; ; attempt++) {
            try {
                return stream(params, profile, source, summary, task, sink, start);
            } catch (RuntimeException e) {
                if (task.isCancelled()) {
                    return Records.failure(source, ExplanationStatus.CANCELLED, "Cancelled while waiting for the model.",
                            summary, "", elapsed(start), Records.Usage.NONE);
                }
                if (e instanceof RateLimitException limited && attempt < settings.rateLimitRetries()) {
                    Duration wait = retryWait(limited, attempt);
                    if (wait.compareTo(settings.maxRetryWait()) <= 0) {
                        LOG.info("LLM at {} answered 429; retry {} of {} in {} ms", endpoint, attempt + 1,
                                settings.rateLimitRetries(), wait.toMillis());
                        if (sleep(task, wait)) {
                            continue;
                        }
                        return Records.failure(source, ExplanationStatus.CANCELLED, "Cancelled while waiting to retry.",
                                summary, "", elapsed(start), Records.Usage.NONE);
                    }
                }
                Faults.Fault fault = Faults.classify(e, endpoint, settings.model(), settings.timeout().toSeconds(), maskedKey);
                LOG.warn("LLM call to {} failed: {}", endpoint, fault.status());
                return Records.failure(source, fault.status(), scrub(fault.message()), summary, scrub(fault.raw()),
                        elapsed(start), Records.Usage.NONE);
            }
        }
    }

    private Explanation stream(ChatCompletionCreateParams params, PromptProfile profile, Records.Source source,
                               String summary, ExplanationTask task, Consumer<String> sink, long start) {
        StringBuilder content = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        String finish = "";
        Records.Usage usage = Records.Usage.NONE;
        String shown = "";
        long nextPreview = 0;
        // the raw response shows the Content-Type before the SSE parser consumes the body
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
                     client.chat().completions().withRawResponse().createStreaming(params)) {
            task.onCancel(response::close);
            String type = response.headers().values("Content-Type").stream().findFirst().orElse("").strip();
            // a JSON or HTML body is a whole document, not a stream; other types (some servers label their event
            // stream text/plain) go to the stream parser, which rejects what is not server-sent events
            String lower = type.toLowerCase(Locale.ROOT);
            if (lower.contains("json") || lower.contains("html") || lower.contains("xml")) {
                return unstreamed(response, type, profile, source, summary, task, sink, start);
            }
            try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
                Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                while (chunks.hasNext() && !task.isCancelled()) {
                    ChatCompletionChunk chunk = chunks.next();
                    if (chunk.usage().isPresent()) {
                        usage = new Records.Usage((int) chunk.usage().get().promptTokens(),
                                (int) chunk.usage().get().completionTokens());
                    }
                    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                        choice.delta().content().ifPresent(content::append);
                        choice.delta().refusal().ifPresent(refusal::append);
                        if (choice.finishReason().isPresent()) {
                            finish = choice.finishReason().get().asString();
                        }
                    }
                    if (content.length() + refusal.length() > MAX_STREAMED_CHARS) {
                        response.close();
                        return Records.failure(source, ExplanationStatus.INVALID_ANSWER, "The LLM server at " + endpoint
                                + " streamed more than " + MAX_STREAMED_CHARS + " characters without finishing; the answer"
                                + " was cut off and not used. Check the model's max tokens setting or the server.",
                                summary, scrub(content.substring(0, Math.min(content.length(), KEPT_RAW_CHARS))), elapsed(start), usage);
                    }
                    long now = System.nanoTime();
                    if (content.length() < PREVIEW_EVERY_CHUNK_CHARS || now >= nextPreview || chunk.choices().stream().anyMatch(c -> c.finishReason().isPresent())) {
                        nextPreview = now + PREVIEW_NANOS;
                        shown = preview(content, shown, sink);
                    }
                }
            }
        }
        shown = preview(content, shown, sink);
        return judge(new ModelReply(content.toString(), refusal.toString(), finish, usage), shown, profile, source,
                summary, task, sink, start);
    }

    /** Shows the rationale streamed so far when it changed; returns what is shown. */
    private static String preview(StringBuilder content, String shown, Consumer<String> sink) {
        String soFar = PartialJson.stringField(content.toString(), "rationale").orElse("");
        if (!soFar.equals(shown)) {
            Callbacks.deliver(sink, soFar);
        }
        return soFar;
    }

    /**
     * A 200 that is not an event stream: a server that ignores {@code stream: true} sends the whole chat completion
     * as JSON, which is used; anything else (an HTML page, an error object) is kept for review and not used.
     */
    private Explanation unstreamed(HttpResponse response, String type, PromptProfile profile, Records.Source source,
                                   String summary, ExplanationTask task, Consumer<String> sink, long start) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_UNSTREAMED_BYTES);
        } catch (IOException e) {
            // a read timeout or the cancel closing the body: call() turns it into TIMEOUT or CANCELLED
            throw new UncheckedIOException(e);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Optional<ModelReply> completion = ModelReply.fromCompletionJson(text);
        if (completion.isPresent()) {
            return judge(completion.get(), "", profile, source, summary, task, sink, start);
        }
        String kept = text.length() <= KEPT_RAW_CHARS ? text
                : text.substring(0, KEPT_RAW_CHARS) + "\n[… cut after " + KEPT_RAW_CHARS + " characters]";
        return Records.failure(source, ExplanationStatus.INVALID_ANSWER, "The LLM server at " + endpoint
                + " did not stream an answer (got " + scrub(type) + " instead of text/event-stream). Nothing from it was used;"
                + " check that the base URL points at an OpenAI-compatible API (it usually ends in /v1).",
                summary, scrub(kept), elapsed(start), Records.Usage.NONE);
    }

    /** Turns what the model sent into the record: cancelled, refused, cut off, off-schema or a checked answer. */
    private Explanation judge(ModelReply reply, String shown, PromptProfile profile, Records.Source source,
                              String summary, ExplanationTask task, Consumer<String> sink, long start) {
        long latency = elapsed(start);
        String raw = scrub(reply.raw());
        Records.Usage usage = reply.usage();
        String finish = reply.finishReason();
        if (task.isCancelled()) {
            return Records.failure(source, ExplanationStatus.CANCELLED, "Cancelled while the model was answering.",
                    summary, raw, latency, usage);
        }
        if (!reply.refusal().isEmpty() || "content_filter".equals(finish)) {
            String why = !reply.refusal().isEmpty() ? reply.refusal().strip() : "the provider's content filter stopped the answer";
            return Records.failure(source, ExplanationStatus.REFUSED, "The model declined to answer: " + why
                    + ". The detector's result stands; classify this one by eye.", summary, raw, latency, usage);
        }
        if ("length".equals(finish)) {
            return Records.failure(source, ExplanationStatus.INVALID_ANSWER, "The model's answer was cut off at "
                    + settings.maxAnswerTokens() + " tokens, so it cannot be checked. Raise llm.maxAnswerTokens or use another model.",
                    summary, raw, latency, usage);
        }
        try {
            AnswerSchema.Answer a = AnswerSchema.parse(reply.content(), profile);
            if (!a.rationale().equals(shown)) {
                Callbacks.deliver(sink, a.rationale());
            }
            return Records.answer(source, ExplanationStatus.ANSWERED, Optional.of(a.anomalyClass()), Optional.of(a.severity()),
                    a.confidence(), a.rationale(), a.evidence(), summary, raw, latency, usage);
        } catch (AnswerSchema.InvalidAnswer e) {
            return Records.failure(source, ExplanationStatus.INVALID_ANSWER, e.getMessage()
                    + " The answer is kept for review but not used.", summary, raw, latency, usage);
        }
    }

    /** The HTTP request: {@code outgoing}'s parts one to one, each image as its encoding for the cache and the audit. */
    private ChatCompletionCreateParams params(OutgoingRequest outgoing, List<Encoded> refs, Encoded query,
                                              Optional<Encoded> outlined, PromptProfile profile) {
        List<ChatCompletionContentPart> parts = new ArrayList<>();
        Iterator<Encoded> references = refs.iterator();
        for (OutgoingRequest.Part part : outgoing.user()) {
            if (part instanceof OutgoingRequest.Image i) {
                parts.add(image(switch (i.role()) {
                    case REFERENCE -> references.next();
                    case QUERY -> query;
                    case OUTLINED -> outlined.orElseThrow();
                }));
            } else {
                parts.add(text(((OutgoingRequest.Text) part).text()));
            }
        }
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        AnswerSchema.forProfile(profile).forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
        return ChatCompletionCreateParams.builder()
                .model(settings.model())
                .addSystemMessage(outgoing.system())
                .addUserMessageOfArrayOfContentParts(parts)
                .temperature(0.0)
                // max_tokens rather than max_completion_tokens: Ollama, llama.cpp and older Azure versions know only this one
                .maxTokens(settings.maxAnswerTokens())
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name(AnswerSchema.NAME).strict(true).schema(schema.build()).build()).build())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
    }

    private static ChatCompletionContentPart text(String text) {
        return ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(text).build());
    }

    private static ChatCompletionContentPart image(Encoded e) {
        return ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(e.dataUrl()).build()).build());
    }

    /** An image as sent: a data URL, and the hash of its bytes for the cache key and the audit summary. */
    record Encoded(String dataUrl, String sha256, int width, int height) {}

    private Encoded encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String mime;
        try {
            if (settings.imageFormat() == LlmSettings.ImageFormat.JPEG) {
                mime = "image/jpeg";
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
                try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(image, null, null), param);
                } finally {
                    writer.dispose();
                }
            } else {
                mime = "image/png";
                ImageIO.write(image, "png", bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an image in memory", e);
        }
        byte[] data = bytes.toByteArray();
        return new Encoded("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(data), Hashes.sha256Hex(data),
                image.getWidth(), image.getHeight());
    }

    private String summary(PromptProfile profile, String prompt, List<Encoded> refs, Encoded query, Optional<Encoded> outlined) {
        StringBuilder s = new StringBuilder();
        s.append("model ").append(settings.model()).append(" at ").append(endpoint).append("; profile ")
                .append(profile.name()).append(" v").append(profile.version()).append("; temperature 0; ")
                .append(settings.imageFormat().name().toLowerCase(Locale.ROOT)).append(" images:");
        for (int i = 0; i < refs.size(); i++) {
            s.append(" RI").append(i + 1).append(' ').append(describe(refs.get(i))).append(',');
        }
        s.append(" query ").append(describe(query)).append(outlined.map(o -> ", outlined " + describe(o)).orElse(", no outline"))
                .append('\n').append(prompt);
        return s.toString();
    }

    private static String describe(Encoded e) {
        return e.width() + "x" + e.height() + " sha256:" + e.sha256().substring(0, 16);
    }

    private String cacheKey(PromptProfile profile, String prompt, List<Encoded> refs, Encoded query, Optional<Encoded> outlined) {
        StringBuilder k = new StringBuilder(baseUrl).append('\n').append(settings.model()).append('\n')
                .append(profile.name()).append('\n').append(profile.version()).append('\n').append(prompt);
        refs.forEach(r -> k.append('\n').append(r.sha256()));
        k.append('\n').append(query.sha256()).append('\n').append(outlined.map(Encoded::sha256).orElse("no outline"));
        return Hashes.sha256Hex(k.toString());
    }

    /** Retry-After (seconds or an HTTP date) or retry-after-ms when the server sends one, else exponential back-off. */
    private Duration retryWait(RateLimitException e, int attempt) {
        for (String ms : e.headers().values("retry-after-ms")) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(ms.strip()));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        for (String value : e.headers().values("retry-after")) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(Instant.now(), at.toInstant());
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (RuntimeException ignored) {
                    // unparseable: use the back-off below
                }
            }
        }
        long base = 500L << Math.min(attempt, 6);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
    }

    /** Sleeps unless cancelled meanwhile; returns false when cancelled. */
    private static boolean sleep(ExplanationTask task, Duration wait) {
        CountDownLatch cancelled = new CountDownLatch(1);
        task.onCancel(cancelled::countDown);
        try {
            return !cancelled.await(wait.toMillis(), TimeUnit.MILLISECONDS) && !task.isCancelled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Removes the key and the URL's secrets from any text that might echo them (error bodies, exception messages). */
    private String scrub(String text) {
        String clean = text.replace(baseUrl, endpoint);
        for (String s : urlSecrets) {
            clean = clean.replace(s, Endpoints.REDACTED);
        }
        return secret.isEmpty() ? clean : clean.replace(secret, maskedKey);
    }

    @Override
    public String describe() {
        return settings.model() + " at " + endpoint + " (key " + maskedKey + ")";
    }

    @Override
    void closeResources() {
        client.close();
    }
}
