package dev.otpguard.sms.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * twilio-java's transport, replaced: the JDK's HTTP client with our connect and read timeouts (the SDK's own
 * client resets its timeouts on every request), certificate checks left on, no automatic retries (a retried
 * POST could send a second SMS), and an optional base URL for proxies and tests.
 */
final class TwilioHttpClient extends HttpClient {

    private final java.net.http.HttpClient http;
    private final URI baseUrl;
    private final Duration readTimeout;

    TwilioHttpClient(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        this.baseUrl = baseUrl;
        this.readTimeout = readTimeout;
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
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            // twilio-java reads the headers when its debug logging is on
            Header[] headers = response.headers().map().entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(v -> (Header) new BasicHeader(e.getKey(), v)))
                    .toArray(Header[]::new);
            return new Response(response.body(), response.statusCode(), headers);
        } catch (IOException e) {
            // the exception text can carry the URL; the caller reports the type only
            throw new ApiConnectionException("Twilio request failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
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
