package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The authentication flows of a test realm, as realm-import JSON: one small method per place a code step can take
 * in the browser flow ({@link RealmSetup.Placement}), and the reset-credentials flow with a code step. What the
 * realm itself holds (users, SMTP, brute force, attributes) stays in {@link RealmSetup}.
 */
final class BrowserFlows {

    static final String BROWSER_FLOW = "otp-browser";
    static final String RESET_FLOW = "otp-reset";

    private final ArrayNode flows;

    BrowserFlows(ArrayNode flows) {
        this.flows = flows;
    }

    /** Choose user, the code step (with its configuration alias), new password. */
    void resetByCode(String stepId, String configAlias) {
        ArrayNode steps = flow(RESET_FLOW, true);
        step(steps, "reset-credentials-choose-user", "REQUIRED", 10);
        step(steps, stepId, "REQUIRED", 20).put("authenticatorConfig", configAlias);
        step(steps, "reset-password", "REQUIRED", 30);
    }

    /** The browser flow: the password form, then the code step where {@code placement} puts it. */
    void browser(RealmSetup.Placement placement, String stepId, String codeConfig, String deviceConfig) {
        ArrayNode top = flow(BROWSER_FLOW, true);
        if (placement == RealmSetup.Placement.NEW_DEVICE_WITH_SSO) {
            // an existing session signs the browser in (application-initiated actions need no new password)
            step(top, "auth-cookie", "ALTERNATIVE", 5);
            subflow(top, "forms", "ALTERNATIVE", 10);
            top = flow("forms", false);
        }
        if (placement == RealmSetup.Placement.PASSKEY_OR_CODE) {
            passkeyOrCode(top, stepId, codeConfig);
            return;
        }
        step(top, "auth-username-password-form", "REQUIRED", 10);
        switch (placement) {
            case REQUIRED -> step(top, stepId, "REQUIRED", 20).put("authenticatorConfig", codeConfig);
            case ALTERNATIVE_WITH_TOTP -> alternativeToTotp(top, stepId, codeConfig);
            case EMAIL_OR_SMS -> emailOrSms(top, codeConfig);
            case NEW_DEVICE, NEW_DEVICE_WITH_SSO -> onNewDevices(top, stepId, codeConfig, deviceConfig);
            case CONDITIONAL_SUBFLOW -> forUsersWithACredential(top, stepId, codeConfig);
            case NETWORK -> byNetwork(top, stepId, codeConfig);
            case PASSWORD_ONLY, PASSKEY_OR_CODE -> {
            }
        }
    }

    /** The code step or Keycloak's OTP form, whichever the user has. */
    private void alternativeToTotp(ArrayNode top, String stepId, String codeConfig) {
        subflow(top, "second-factor", "REQUIRED", 20);
        ArrayNode steps = flow("second-factor", false);
        step(steps, stepId, "ALTERNATIVE", 10).put("authenticatorConfig", codeConfig);
        step(steps, "auth-otp-form", "ALTERNATIVE", 20);
    }

    /**
     * The username first; then the user's passkey (Keycloak's passwordless WebAuthn) when they have one, otherwise
     * the password and the code step. "Try another way" on the passkey page leads to the password and the code.
     */
    private void passkeyOrCode(ArrayNode top, String stepId, String codeConfig) {
        step(top, "auth-username-form", "REQUIRED", 10);
        subflow(top, "passkey-or-code", "REQUIRED", 20);
        ArrayNode choice = flow("passkey-or-code", false);
        step(choice, "webauthn-authenticator-passwordless", "ALTERNATIVE", 10);
        subflow(choice, "password-and-code", "ALTERNATIVE", 20);
        ArrayNode steps = flow("password-and-code", false);
        step(steps, "auth-password-form", "REQUIRED", 10);
        step(steps, stepId, "REQUIRED", 20).put("authenticatorConfig", codeConfig);
    }

    /** Both code steps as alternatives: Keycloak offers "try another way" between them. */
    private void emailOrSms(ArrayNode top, String codeConfig) {
        subflow(top, "second-factor", "REQUIRED", 20);
        ArrayNode steps = flow("second-factor", false);
        step(steps, "otp-guard-email", "ALTERNATIVE", 10).put("authenticatorConfig", codeConfig);
        step(steps, "otp-guard-sms", "ALTERNATIVE", 20).put("authenticatorConfig", codeConfig);
    }

    /** A code only on a browser OTP Guard does not know, which is remembered afterwards. */
    private void onNewDevices(ArrayNode top, String stepId, String codeConfig, String deviceConfig) {
        subflow(top, "new-device-code", "CONDITIONAL", 20);
        ArrayNode steps = flow("new-device-code", false);
        step(steps, "otp-guard-condition-new-device", "REQUIRED", 10);
        step(steps, stepId, "REQUIRED", 20).put("authenticatorConfig", codeConfig);
        step(top, "otp-guard-device-remember", "REQUIRED", 30).put("authenticatorConfig", deviceConfig);
    }

    /** A code only where "Condition - network" (configuration alias {@code network}) says so. */
    private void byNetwork(ArrayNode top, String stepId, String codeConfig) {
        subflow(top, "network-code", "CONDITIONAL", 20);
        ArrayNode steps = flow("network-code", false);
        step(steps, "otp-guard-condition-network", "REQUIRED", 10).put("authenticatorConfig", "network");
        step(steps, stepId, "REQUIRED", 20).put("authenticatorConfig", codeConfig);
    }

    /** A code only for users Keycloak's "user configured" condition lets in. */
    private void forUsersWithACredential(ArrayNode top, String stepId, String codeConfig) {
        subflow(top, "conditional-code", "CONDITIONAL", 20);
        ArrayNode steps = flow("conditional-code", false);
        step(steps, "conditional-user-configured", "REQUIRED", 10);
        step(steps, stepId, "REQUIRED", 20).put("authenticatorConfig", codeConfig);
    }

    private ArrayNode flow(String alias, boolean topLevel) {
        return flows.addObject().put("alias", alias).put("providerId", "basic-flow").put("topLevel", topLevel)
                .put("builtIn", false).putArray("authenticationExecutions");
    }

    private static ObjectNode step(ArrayNode steps, String authenticator, String requirement, int priority) {
        return steps.addObject().put("authenticator", authenticator).put("requirement", requirement)
                .put("priority", priority).put("authenticatorFlow", false).put("userSetupAllowed", false);
    }

    private static void subflow(ArrayNode steps, String alias, String requirement, int priority) {
        steps.addObject().put("flowAlias", alias).put("requirement", requirement).put("priority", priority)
                .put("authenticatorFlow", true).put("userSetupAllowed", false);
    }
}
