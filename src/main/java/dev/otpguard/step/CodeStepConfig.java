package dev.otpguard.step;

import dev.otpguard.core.options.MissingContact;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.reset.ResetChannels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The admin-facing options of a code step: each with one name, one default and one parser, so the
 * authenticator never reads raw config strings. The names are public interface (realm exports use them).
 */
public record CodeStepConfig(CodePolicy policy, MissingContact missingContact, Map<String, String> options) {

    public static final String CODE_LENGTH = "codeLength";
    public static final String CODE_LIFETIME = "codeLifetimeSeconds";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String RESEND_COOLDOWN = "resendCooldownSeconds";
    public static final String MAX_SENDS = "maxSendsPerLogin";
    public static final String MISSING_EMAIL = "missingEmail";
    public static final String MISSING_PHONE = "missingPhone";
    /** Password reset only: end the user's other sessions when the code is right. */
    public static final String LOGOUT_OTHER_SESSIONS = "logoutOtherSessions";
    /** Password reset only: tell the user on the other channel (SMS for an email code and back) when it is right. */
    public static final String NOTIFY_OTHER_CHANNEL = "notifyOtherChannel";

    /**
     * Keycloak offers no hook to refuse an authenticator configuration when it is saved, so the admin console
     * offers only valid values; anything else (REST, realm import) is refused when the step runs.
     */
    private static final List<String> LIFETIME_CHOICES = List.of("60", "120", "180", "300", "600");
    private static final List<String> COOLDOWN_CHOICES = List.of("15", "30", "45", "60", "120", "300");

    public static final CodeStepConfig DEFAULT = new CodeStepConfig(CodePolicy.DEFAULT, MissingContact.FAIL, Map.of());

    /** How one channel names its "user without contact" option and its enrolment value. */
    public record MissingContactOption(String key, String contactLabel, String enrolValue, String enrolHelp) {
        public static final MissingContactOption EMAIL = new MissingContactOption(MISSING_EMAIL, "email address",
                "verify-email", "verify-email: ask the user for an address and have Keycloak verify it by link.");
        public static final MissingContactOption PHONE = new MissingContactOption(MISSING_PHONE,
                "verified phone number", "setup",
                "setup: send the user through 'Set up phone number', which proves the number with an SMS code.");
    }

    /** A channel-specific option, or null when unset or blank. */
    public String option(String key) {
        return blankToNull(options.get(key));
    }

    /** A yes/no option; unset means {@code fallback}. */
    public boolean flag(String key, boolean fallback) {
        String value = option(key);
        return value == null ? fallback : Boolean.parseBoolean(value.trim());
    }

    /** The configuration of one execution, or the problems that make it unusable. */
    public record Parsed(CodeStepConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    public static Parsed from(AuthenticatorConfigModel model, MissingContactOption missingOption) {
        return from(model == null ? null : model.getConfig(), missingOption);
    }

    public static Parsed from(Map<String, String> values, MissingContactOption missingOption) {
        Map<String, String> config = values == null ? Map.of() : values;
        CodePolicy d = CodePolicy.DEFAULT;
        List<String> problems = new ArrayList<>();
        int length = integer(config, CODE_LENGTH, d.length(), problems);
        int lifetime = integer(config, CODE_LIFETIME, (int) d.lifetime().toSeconds(), problems);
        int attempts = integer(config, MAX_ATTEMPTS, d.maxAttempts(), problems);
        int cooldown = integer(config, RESEND_COOLDOWN, (int) d.resendCooldown().toSeconds(), problems);
        int sends = integer(config, MAX_SENDS, d.maxSendsPerLogin(), problems);
        MissingContact missing = MissingContact.FAIL;
        String missingValue = blankToNull(config.get(missingOption.key()));
        if (missingValue != null) {
            missing = MissingContact.fromConfig(missingValue, missingOption.enrolValue()).orElse(null);
            if (missing == null) {
                problems.add(missingOption.key() + " must be one of fail, skip, " + missingOption.enrolValue());
            }
        }
        if (ResetChannels.fromConfig(config.get(ResetChannels.OPTION)).isEmpty()) {
            problems.add(ResetChannels.OPTION + " must be one of this-only, fallback, choice");
        }
        for (String flag : List.of(LOGOUT_OTHER_SESSIONS, NOTIFY_OTHER_CHANNEL)) {
            String value = blankToNull(config.get(flag));
            if (value != null && !value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
                problems.add(flag + " must be true or false");
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        problems.addAll(CodePolicy.problems(length, Duration.ofSeconds(lifetime), attempts,
                Duration.ofSeconds(cooldown), sends));
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new CodeStepConfig(new CodePolicy(length, Duration.ofSeconds(lifetime), attempts,
                Duration.ofSeconds(cooldown), sends), missing, Map.copyOf(config)), List.of());
    }

    /** The properties the admin console shows for a code step; defaults equal {@link CodePolicy#DEFAULT}. */
    public static List<ProviderConfigProperty> properties(MissingContactOption missingOption) {
        CodePolicy d = CodePolicy.DEFAULT;
        return ProviderConfigurationBuilder.create()
                .property().name(CODE_LENGTH).label("Code length")
                .helpText("Digits per code, " + CodePolicy.MIN_LENGTH + " to " + CodePolicy.MAX_LENGTH + ".")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(IntStream.rangeClosed(CodePolicy.MIN_LENGTH, CodePolicy.MAX_LENGTH)
                        .mapToObj(Integer::toString).toList())
                .defaultValue(Integer.toString(d.length())).add()
                .property().name(CODE_LIFETIME).label("Code lifetime (seconds)")
                .helpText("How long a code can be used, " + CodePolicy.MIN_LIFETIME.toSeconds() + " to "
                        + CodePolicy.MAX_LIFETIME.toSeconds() + " seconds. Default 300 (5 minutes).")
                .type(ProviderConfigProperty.LIST_TYPE).options(LIFETIME_CHOICES)
                .defaultValue(Long.toString(d.lifetime().toSeconds())).add()
                .property().name(MAX_ATTEMPTS).label("Attempts per code")
                .helpText("Wrong entries a code tolerates; after that it is dead and the user must request a new one.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(IntStream.rangeClosed(1, CodePolicy.MAX_ATTEMPTS_LIMIT).mapToObj(Integer::toString).toList())
                .defaultValue(Integer.toString(d.maxAttempts())).add()
                .property().name(RESEND_COOLDOWN).label("Resend cooldown (seconds)")
                .helpText("Wait before the first resend, " + CodePolicy.MIN_COOLDOWN.toSeconds() + " to "
                        + CodePolicy.MAX_COOLDOWN.toSeconds() + " seconds; doubles with every further resend.")
                .type(ProviderConfigProperty.LIST_TYPE).options(COOLDOWN_CHOICES)
                .defaultValue(Long.toString(d.resendCooldown().toSeconds())).add()
                .property().name(MAX_SENDS).label("Sends per login")
                .helpText("Codes one login may send, first send included; then the user must restart the login.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(IntStream.rangeClosed(1, CodePolicy.MAX_SENDS_LIMIT).mapToObj(Integer::toString).toList())
                .defaultValue(Integer.toString(d.maxSendsPerLogin())).add()
                .property().name(missingOption.key()).label("User without " + missingOption.contactLabel())
                .helpText("fail: stop the login with a message. skip: let the user pass this step without a code. "
                        + missingOption.enrolHelp())
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(MissingContact.FAIL_VALUE, MissingContact.SKIP_VALUE, missingOption.enrolValue())
                .defaultValue(MissingContact.FAIL_VALUE).add()
                .property().name(ResetChannels.OPTION).label("Password reset: channels")
                .helpText("Only in the reset-credentials flow. this-only: codes go by this step's channel; an account "
                        + "without it gets none. fallback: by this step's channel, else by the other one (email or "
                        + "SMS). choice: an account with both is asked which to use, seeing both contacts masked: "
                        + "this tells whoever types a username that the account exists.")
                .type(ProviderConfigProperty.LIST_TYPE).options("this-only", "fallback", "choice")
                .defaultValue("this-only").add()
                .property().name(LOGOUT_OTHER_SESSIONS).label("Password reset: sign out other sessions")
                .helpText("Only in the reset-credentials flow: when the code is right, end the user's other "
                        + "sessions (offline ones too) before the new password is set.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(NOTIFY_OTHER_CHANNEL).label("Password reset: notify on the other channel")
                .helpText("Only in the reset-credentials flow: when the code is right, tell the user by SMS (for an "
                        + "email code) or by email (for an SMS code), if they have that contact.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .build();
    }

    private static int integer(Map<String, String> config, String key, int fallback, List<String> problems) {
        String value = blankToNull(config.get(key));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number");
            return fallback;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
