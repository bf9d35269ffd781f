package dev.otpguard.sms.http;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An option value that may hold Keycloak vault references, alone or within text: {@code {{vault.sms_token}}}
 * ({@code Bearer {{vault.sms_token}}}), or Keycloak's own form {@code ${vault.sms_token}}, which an operator must
 * then escape as {@code \${vault.sms_token}} because Keycloak expands {@code ${...}} in server options. The
 * references are resolved for each message, in the realm the message is for, so each realm's vault can hold its
 * own token; the resolved value is never logged or kept.
 */
final class SecretValue {

    private static final Pattern VAULT =
            Pattern.compile("\\{\\{vault\\.([A-Za-z0-9_.-]+)}}|\\$\\{vault\\.([A-Za-z0-9_.-]+)}");

    private final String option;
    private final String template;

    SecretValue(String option, String template) {
        this.option = option;
        this.template = template;
    }

    boolean hasVaultReference() {
        return VAULT.matcher(template).find();
    }

    /**
     * The value with each reference replaced by the vault's entry ({@code vault} takes Keycloak's expression
     * {@code ${vault.x}}, as Keycloak's vault does, and answers null when it has no such entry).
     */
    String resolve(UnaryOperator<String> vault) throws MissingSecretException {
        Matcher m = VAULT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1) != null ? m.group(1) : m.group(2);
            String secret = vault.apply("${vault." + key + "}");
            if (secret == null || secret.isEmpty()) {
                throw new MissingSecretException(option + " names the vault entry '" + key
                        + "', which this realm's vault does not have");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(secret));
        }
        m.appendTail(out);
        return out.toString();
    }

    String option() {
        return option;
    }

    /** A reference the vault cannot answer: the message is not sent, and the operator learns which entry. */
    static final class MissingSecretException extends Exception {
        MissingSecretException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return option + (hasVaultReference() ? "=(vault)" : "=(set)");
    }
}
