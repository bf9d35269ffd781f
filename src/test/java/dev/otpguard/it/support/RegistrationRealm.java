package dev.otpguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A realm where people register: registration on, "Verify email with a code" as default action, and OTP Guard's
 * "Phone number" in a copy of Keycloak's registration flow (a built-in flow takes no new executions), after the
 * user is created, as the docs' recipe says.
 */
public final class RegistrationRealm {

    public static final String VERIFY_EMAIL = "otp-guard-verify-email";
    public static final String REGISTRATION_PHONE = "otp-guard-registration-phone";
    private static final String FLOW = "reg-otp";

    private RegistrationRealm() {
    }

    /**
     * Creates the realm from {@code setup} with the two providers; returns its name. Its events are saved but not
     * logged: Keycloak's own {@code REGISTER} and {@code REGISTER_ERROR} events name the registered address in full,
     * and ServerLogIT holds the server log to OTP Guard's rule that no full address appears in it.
     */
    public static String create(TestEnvironment.Env env, RealmSetup setup, Map<String, String> phoneConfig) {
        ObjectNode json = setup.withoutEventLogging().toJson();
        json.put("registrationAllowed", true).put("verifyEmail", false);
        String name = setup.name();
        env.admin.createRealm(json);
        env.admin.declarePhoneAttributes(name);
        // the tests read OTP Guard's own attributes back
        env.admin.unmanagedAttributes(name, "ADMIN_VIEW");
        env.admin.registerPhoneSetup(name, Map.of("allowedCountries", "DE,AT", "resendCooldownSeconds", "1"));
        env.admin.registerRequiredAction(name, VERIFY_EMAIL, Map.of("resendCooldownSeconds", "1"));
        makeDefaultAction(env.admin, name, VERIFY_EMAIL);
        addRegistrationPhone(env.admin, name, phoneConfig);
        return name;
    }

    /** The registration page of the test client. */
    public static String url(String baseUrl, String realm) {
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/registrations?client_id="
                + RealmSetup.CLIENT_ID + "&redirect_uri="
                + URLEncoder.encode(RealmSetup.REDIRECT_URI, StandardCharsets.UTF_8) + "&response_type=code&scope=openid";
    }

    private static void makeDefaultAction(Admin admin, String realm, String providerId) {
        String path = "/admin/realms/" + realm + "/authentication/required-actions/" + providerId;
        ObjectNode action = (ObjectNode) admin.get(path);
        action.put("defaultAction", true).put("enabled", true);
        HttpResponse<String> response = admin.put(path, action);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static void addRegistrationPhone(Admin admin, String realm, Map<String, String> config) {
        String flows = "/admin/realms/" + realm + "/authentication/flows/";
        HttpResponse<String> copied = admin.post(flows + "registration/copy", Map.of("newName", FLOW));
        assertThat(copied.statusCode()).as(copied.body()).isEqualTo(201);
        String form = null;
        for (JsonNode execution : admin.get(flows + FLOW + "/executions")) {
            if (execution.path("authenticationFlow").asBoolean() && execution.path("level").asInt() == 0) {
                form = execution.get("displayName").asText();
            }
        }
        assertThat(form).isNotNull();
        HttpResponse<String> added = admin.post(flows + URLEncoder.encode(form, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/executions/execution", Map.of("provider", REGISTRATION_PHONE));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        for (JsonNode execution : admin.get(flows + FLOW + "/executions")) {
            if (REGISTRATION_PHONE.equals(execution.path("providerId").asText())) {
                ObjectNode required = ((ObjectNode) execution).put("requirement", "REQUIRED");
                HttpResponse<String> updated = admin.put(flows + FLOW + "/executions", required);
                assertThat(updated.statusCode()).as(updated.body()).isBetween(200, 299);
                if (!config.isEmpty()) {
                    HttpResponse<String> saved = admin.post("/admin/realms/" + realm
                            + "/authentication/executions/" + execution.get("id").asText() + "/config",
                            Map.of("alias", "registration-phone", "config", config));
                    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
                }
            }
        }
        ObjectNode rep = (ObjectNode) admin.get("/admin/realms/" + realm);
        rep.put("registrationFlow", FLOW);
        HttpResponse<String> bound = admin.put("/admin/realms/" + realm, rep);
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(204);
    }
}
