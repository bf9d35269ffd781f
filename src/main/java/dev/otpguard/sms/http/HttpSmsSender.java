package dev.otpguard.sms.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * One HTTP request per message, as the operator configured it. No automatic retry: a retried request can send a
 * second SMS, and the user has "Send a new code". Errors name the HTTP status and the gateway's host for the
 * operator, never the number, the text, a header or a credential.
 */
final class HttpSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(HttpSmsSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 64 * 1024;

    private final HttpGatewaySettings settings;
    private final HttpClient http;
    private final UnaryOperator<String> vault;
    private final String realm;

    /**
     * @param vault the realm's vault: takes a whole {@code ${vault.key}} expression, answers null when it has none
     * @param realm the realm's name, for {@code ${realm}} in the body
     */
    HttpSmsSender(HttpGatewaySettings settings, HttpClient http, UnaryOperator<String> vault, String realm) {
        this.settings = settings;
        this.http = http;
        this.vault = vault;
        this.realm = realm;
    }

    @Override
    public void send(SmsMessage message) throws SmsException {
        sendTracked(message);
    }

    /** @return the gateway's message id when {@code message-id-pointer} finds one, for logs and events only */
    @Override
    public String sendTracked(SmsMessage message) throws SmsException {
        HttpRequest request = request(message);
        HttpResponse<String> response = exchange(request);
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new SmsException(reason(status), "http sender: HTTP " + status + " from " + host());
        }
        JsonNode answer = null;
        if (settings.successPointer() != null || settings.messageIdPointer() != null) {
            answer = json(response.body());
        }
        if (settings.successPointer() != null) {
            JsonNode found = answer == null ? null : answer.at(settings.successPointer());
            boolean success = found != null && !found.isMissingNode() && !found.isNull()
                    && (settings.successValue() == null || settings.successValue().equals(found.asText()));
            if (!success) {
                throw new SmsException(SmsException.Reason.UNAVAILABLE, "http sender: HTTP " + status + " from "
                        + host() + " but " + settings.successPointer() + " is " + shown(found));
            }
        }
        if (settings.messageIdPointer() == null || answer == null) {
            return null;
        }
        JsonNode id = answer.at(settings.messageIdPointer());
        String text = id.isMissingNode() || id.isNull() ? null : id.asText();
        if (text == null || text.isEmpty() || text.length() > 128 || !text.matches("[\\x21-\\x7e]+")) {
            return null;
        }
        LOG.debugf("OTP Guard http sender: %s accepted the message, id %s (HTTP %d)", host(), text, status);
        return text;
    }

    private HttpRequest request(SmsMessage message) throws SmsException {
        Map<String, String> values = new HashMap<>();
        values.put("to", message.to());
        values.put("to_digits", message.to().startsWith("+") ? message.to().substring(1) : message.to());
        values.put("text", message.text());
        values.put("from", settings.from() == null ? "" : settings.from());
        values.put("realm", realm == null ? "" : realm);
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url()).timeout(settings.answerTimeout())
                .header("Content-Type", settings.body().format().contentType())
                .header("Accept", "application/json")
                .header("User-Agent", "otp-guard http-sms-sender")
                .method(settings.method(), HttpRequest.BodyPublishers.ofString(settings.body().render(values),
                        StandardCharsets.UTF_8));
        try {
            for (HeaderLine header : settings.headers()) {
                String value = header.value().resolve(vault);
                if (!HeaderLine.safe(value)) {
                    throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "http sender: " + header.value().option()
                            + " resolves to a value with control characters; not sent");
                }
                builder.header(header.name(), value);
            }
            if (settings.basicUser() != null) {
                String credentials = settings.basicUser().resolve(vault) + ":" + settings.basicPassword().resolve(vault);
                builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (SecretValue.MissingSecretException e) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "http sender: " + e.getMessage());
        }
        return builder.build();
    }

    /**
     * The whole answer, body included, within the answer timeout: the JDK's own timeout ends with the headers, and
     * a gateway that then stalls its body would hold the sending thread.
     */
    private HttpResponse<String> exchange(HttpRequest request) throws SmsException {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return pending.get(settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SmsException(SmsException.Reason.UNAVAILABLE, "http sender: no complete answer from " + host()
                    + " within " + settings.answerTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // the exception's text can carry the URL and its query: the type only
            throw new SmsException(SmsException.Reason.UNAVAILABLE, "http sender: request to " + host() + " failed ("
                    + cause.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SmsException(SmsException.Reason.UNAVAILABLE, "http sender: interrupted");
        }
    }

    /** How a refusal reads for the user; the operator's line has the status itself. */
    static SmsException.Reason reason(int status) {
        return switch (status) {
            case 401, 403, 404, 405 -> SmsException.Reason.NOT_CONFIGURED;
            case 429 -> SmsException.Reason.RATE_LIMITED;
            case 400, 422 -> SmsException.Reason.INVALID_NUMBER;
            default -> SmsException.Reason.UNAVAILABLE;
        };
    }

    private static JsonNode json(String body) {
        if (body == null || body.isEmpty() || body.length() > MAX_ANSWER) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** What the success pointer found, short and printable: gateways put status codes there, not personal data. */
    private static String shown(JsonNode found) {
        if (found == null) {
            return "not JSON";
        }
        if (found.isMissingNode()) {
            return "missing";
        }
        String text = found.isValueNode() ? found.asText() : found.getNodeType().name().toLowerCase();
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text).replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    private String host() {
        return settings.url().getHost();
    }
}
