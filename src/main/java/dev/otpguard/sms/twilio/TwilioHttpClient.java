package dev.otpguard.sms.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * twilio-java's transport, replaced: the JDK's HTTP client with our connect and read timeouts (the SDK's own
 * client resets its timeouts on every request), certificate checks left on, no automatic retries (a retried
 * POST could send a second SMS), and an optional base URL for proxies and tests.
 *
 * <p>The JDK's request timeout ends when the response headers arrive: a server that sends its headers and then
 * stalls the body would hold the login thread for as long as it likes. So the whole exchange also has a deadline,
 * the connect and read timeouts together.
 */
final class TwilioHttpClient extends HttpClient {

    private final java.net.http.HttpClient http;
    private final URI baseUrl;
    private final Duration readTimeout;
    private final Duration deadline;

    TwilioHttpClient(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        this.baseUrl = baseUrl;
        this.readTimeout = readTimeout;
        this.deadline = connectTimeout.plus(readTimeout);
    }

    @Override
    public Response makeRequest(Request request) {
        URI target = target(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(readTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "otp-guard twilio-java");
        if (request.requiresAuthentication()) {
            builder.header("Authorization", request.getAuthString());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        if (request.getMethod() == HttpMethod.GET) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(request.getMethod().toString(),
                            HttpRequest.BodyPublishers.ofString(request.encodeFormBody(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = await(http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()));
        // twilio-java reads the headers when its debug logging is on
        Header[] headers = response.headers().map().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> (Header) new BasicHeader(e.getKey(), v)))
                .toArray(Header[]::new);
        return new Response(response.body(), response.statusCode(), headers);
    }

    /** Waits for the complete answer, body included, at most until the deadline; then gives up on it. */
    private HttpResponse<String> await(CompletableFuture<HttpResponse<String>> pending) {
        try {
            return pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new ApiConnectionException("Twilio request failed: HttpTimeoutException",
                    new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms"));
        } catch (ExecutionException e) {
            // the exception text can carry the URL; the caller reports the type only
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiConnectionException("Twilio request failed: " + cause.getClass().getSimpleName(), cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("Twilio request interrupted", e);
        }
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    private URI target(Request request) {
        URI original;
        try {
            original = request.constructURL().toURI();
        } catch (URISyntaxException e) {
            throw new ApiConnectionException("bad Twilio URL", e);
        }
        if (baseUrl == null) {
            return original;
        }
        // every Twilio product (api., verify., ...) goes to the one base URL; paths keep them apart
        String base = baseUrl.toString().replaceAll("/+$", "");
        String query = original.getRawQuery() == null ? "" : "?" + original.getRawQuery();
        return URI.create(base + original.getRawPath() + query);
    }
}
