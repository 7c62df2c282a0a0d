package io.kensa.llm;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import io.kensa.model.ExplanationStatus;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns a failed call into a status and one message an inspector (or the person setting up the server) can act on. */
final class Faults {
    record Fault(ExplanationStatus status, String message, String raw) {}

    private Faults() {}

    static Fault classify(Throwable e, String endpoint, String model, long timeoutSeconds, String maskedKey) {
        String keep = " The detector's result stands; press Explain again when this is fixed.";
        if (e instanceof UnauthorizedException || e instanceof PermissionDeniedException) {
            OpenAIServiceException s = (OpenAIServiceException) e;
            return new Fault(ExplanationStatus.UNAUTHORIZED, "The LLM server at " + endpoint + " refused the API key (HTTP "
                    + s.statusCode() + "). Check the key in KENSA_LLM_API_KEY or the key file (now " + maskedKey + ")." + keep,
                    String.valueOf(s.body()));
        }
        if (e instanceof RateLimitException s) {
            return new Fault(ExplanationStatus.RATE_LIMITED, "The LLM server at " + endpoint + " is rate-limiting Kensa (HTTP 429) "
                    + "and retries did not help. Explanations work again when its limit resets; lower the calls per hour in Settings."
                    + keep, String.valueOf(s.body()));
        }
        if (e instanceof InternalServerException s) {
            return new Fault(ExplanationStatus.SERVER_ERROR, "The LLM server at " + endpoint + " failed (HTTP " + s.statusCode()
                    + "). It is the server's problem, not the image's." + keep, String.valueOf(s.body()));
        }
        if (e instanceof NotFoundException s) {
            return new Fault(ExplanationStatus.SERVER_ERROR, "The LLM server at " + endpoint + " answered 404 Not Found: check the "
                    + "base URL (it usually ends in /v1) and that model '" + model + "' exists there." + keep, String.valueOf(s.body()));
        }
        if (e instanceof BadRequestException || e instanceof UnprocessableEntityException) {
            OpenAIServiceException s = (OpenAIServiceException) e;
            return new Fault(ExplanationStatus.SERVER_ERROR, "The LLM server at " + endpoint + " rejected the request (HTTP "
                    + s.statusCode() + "). Model '" + model + "' may not accept images or JSON-schema answers; pick a vision model."
                    + keep, String.valueOf(s.body()));
        }
        if (e instanceof OpenAIServiceException s) {
            return new Fault(ExplanationStatus.SERVER_ERROR, "The LLM server at " + endpoint + " answered HTTP " + s.statusCode()
                    + "." + keep, String.valueOf(s.body()));
        }
        if (e instanceof OpenAIInvalidDataException || e instanceof SseException) {
            return new Fault(ExplanationStatus.INVALID_ANSWER, "The LLM server at " + endpoint + " sent a malformed response ("
                    + e.getMessage() + "). Nothing from it was used." + keep, String.valueOf(e.getMessage()));
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || (c instanceof InterruptedIOException && !(c instanceof ConnectException))) {
                return new Fault(ExplanationStatus.TIMEOUT, "The LLM server at " + endpoint + " did not answer within "
                        + timeoutSeconds + " s." + keep, "");
            }
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return new Fault(ExplanationStatus.UNREACHABLE, "Cannot connect to the LLM server at " + endpoint
                        + " (" + c.getMessage() + "). Is it running, and is the base URL right?" + keep, "");
            }
            if (c instanceof UnknownHostException) {
                return new Fault(ExplanationStatus.UNREACHABLE, "The LLM server's host in " + endpoint
                        + " is unknown (no DNS entry). Check the base URL and the network." + keep, "");
            }
            if (c instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return new Fault(ExplanationStatus.INVALID_ANSWER, "The LLM server at " + endpoint
                        + " sent a response that is not valid JSON. Nothing from it was used." + keep, String.valueOf(c.getMessage()));
            }
        }
        return new Fault(ExplanationStatus.UNREACHABLE, "The call to the LLM server at " + endpoint + " failed: " + e.getMessage()
                + "." + keep, "");
    }
}
