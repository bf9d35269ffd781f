package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Keycloak's admin REST API, spoken over plain HTTP with the bootstrap admin. */
public final class Admin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    public Admin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A user's own access token (password grant through the realm's admin-cli client), for the account API. */
    public String userToken(String realm, String username, String password) {
        String form = "grant_type=password&client_id=admin-cli&scope=openid&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200).get("access_token").asText();
    }

    /** The same API calls, made with another bearer token (a user's). */
    public Admin asUser(String bearer) {
        Admin user = new Admin(baseUrl);
        user.token = bearer;
        user.tokenExpires = Instant.now().plusSeconds(55);
        return user;
    }

    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpires)) {
            String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakServer.ADMIN_USER
                    + "&password=" + KeycloakServer.ADMIN_PASSWORD;
            JsonNode response = send(HttpRequest.newBuilder(URI.create(baseUrl
                            + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
            token = response.get("access_token").asText();
            tokenExpires = Instant.now().plusSeconds(response.get("expires_in").asLong() - 15);
        }
        return token;
    }

    public JsonNode get(String path) {
        return send(authorized(path).GET(), 200);
    }

    public HttpResponse<String> post(String path, Object body) {
        return raw(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public HttpResponse<String> put(String path, Object body) {
        return raw(authorized(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public void delete(String path) {
        HttpResponse<String> response = raw(authorized(path).DELETE());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("delete failed: " + response.statusCode() + " " + response.body());
        }
    }

    public void createRealm(JsonNode realm) {
        // Keycloak hashes every imported user's password: the benchmark's realms with a thousand users need minutes
        HttpResponse<String> response = raw(authorized("/admin/realms").timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(realm))));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("realm import failed: " + response.statusCode() + " " + response.body());
        }
    }

    public String userId(String realm, String username) {
        JsonNode users = get("/admin/realms/" + realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8));
        return users.get(0).get("id").asText();
    }

    /** Creates a user with a password, and (when given) an email address, a verified phone and a locale. */
    public String createUser(String realm, String username, String email, String phone, String locale, String password) {
        java.util.Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("firstName", "Test");
        user.put("lastName", "User");
        if (email != null) {
            user.put("email", email);
            user.put("emailVerified", true);
        }
        java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        if (phone != null) {
            attributes.put("phone_number", java.util.List.of(phone));
            attributes.put("phone_number_verified", java.util.List.of("true"));
        }
        if (locale != null) {
            attributes.put("locale", java.util.List.of(locale));
        }
        user.put("attributes", attributes);
        user.put("credentials", java.util.List.of(java.util.Map.of("type", "password", "value", password,
                "temporary", false)));
        HttpResponse<String> response = post("/admin/realms/" + realm + "/users", user);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("user creation failed: " + response.statusCode() + " " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * Declares phone_number and phone_number_verified in the realm's user profile, as the README tells admins
     * to: visible to the user, editable by admins only.
     */
    public void declarePhoneAttributes(String realm) {
        com.fasterxml.jackson.databind.node.ObjectNode profile =
                (com.fasterxml.jackson.databind.node.ObjectNode) get("/admin/realms/" + realm + "/users/profile");
        com.fasterxml.jackson.databind.node.ArrayNode attributes =
                (com.fasterxml.jackson.databind.node.ArrayNode) profile.get("attributes");
        for (String name : java.util.List.of("phone_number", "phone_number_verified")) {
            com.fasterxml.jackson.databind.node.ObjectNode attribute = attributes.addObject();
            attribute.put("name", name).put("displayName", "${otpGuardAttribute." + name + "}");
            com.fasterxml.jackson.databind.node.ObjectNode permissions = attribute.putObject("permissions");
            permissions.putArray("view").add("admin").add("user");
            permissions.putArray("edit").add("admin");
        }
        HttpResponse<String> response = put("/admin/realms/" + realm + "/users/profile", profile);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("user profile update failed: " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * Sets the user profile's policy for attributes it does not declare (OTP Guard's own bookkeeping attributes are
     * such): ADMIN_VIEW lets the admin API show them, ADMIN_EDIT also change them.
     */
    public void unmanagedAttributes(String realm, String policy) {
        com.fasterxml.jackson.databind.node.ObjectNode profile =
                (com.fasterxml.jackson.databind.node.ObjectNode) get("/admin/realms/" + realm + "/users/profile");
        profile.put("unmanagedAttributePolicy", policy);
        HttpResponse<String> response = put("/admin/realms/" + realm + "/users/profile", profile);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("user profile update failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Registers OTP Guard's phone setup required action in the realm, with its configuration. */
    public void registerPhoneSetup(String realm, java.util.Map<String, String> config) {
        registerRequiredAction(realm, "otp-guard-phone-setup", config);
    }

    /** Registers (and so enables) a required action in the realm, with its configuration. */
    public void registerRequiredAction(String realm, String providerId, java.util.Map<String, String> config) {
        String base = "/admin/realms/" + realm + "/authentication";
        post(base + "/register-required-action", java.util.Map.of("providerId", providerId, "name", providerId));
        if (!config.isEmpty()) {
            HttpResponse<String> response = put(base + "/required-actions/" + providerId + "/config",
                    java.util.Map.of("config", config));
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(providerId + " config refused: " + response.body());
            }
        }
    }

    public JsonNode events(String realm) {
        return get("/admin/realms/" + realm + "/events?max=500");
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token());
    }

    private HttpResponse<String> raw(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        HttpResponse<String> response = raw(request);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException("admin call failed: " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
