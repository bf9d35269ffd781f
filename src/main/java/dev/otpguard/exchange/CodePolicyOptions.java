package dev.otpguard.exchange;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rules of the codes a provider sends (length, lifetime, tries, resends), shared by every provider that shows
 * the code page. Keycloak offers no hook to refuse an authenticator configuration when it is saved, so the admin
 * console offers only valid values; anything else (REST, realm import) is refused when the provider runs.
 */
public final class CodePolicyOptions {

    public static final String CODE_LENGTH = "codeLength";
    public static final String CODE_LIFETIME = "codeLifetimeSeconds";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String RESEND_COOLDOWN = "resendCooldownSeconds";
    public static final String MAX_SENDS = "maxSendsPerLogin";

    private static final CodePolicy D = CodePolicy.DEFAULT;

    private static final Option LENGTH = Option.number(CODE_LENGTH, "Code length",
            "Digits per code, " + CodePolicy.MIN_LENGTH + " to " + CodePolicy.MAX_LENGTH + ".",
            D.length(), range(CodePolicy.MIN_LENGTH, CodePolicy.MAX_LENGTH), CodePolicy.MIN_LENGTH,
            CodePolicy.MAX_LENGTH);
    private static final Option LIFETIME = Option.number(CODE_LIFETIME, "Code lifetime (seconds)",
            "How long a code can be used, " + CodePolicy.MIN_LIFETIME.toSeconds() + " to "
                    + CodePolicy.MAX_LIFETIME.toSeconds() + " seconds. Default 300 (5 minutes).",
            D.lifetime().toSeconds(), List.of("60", "120", "180", "300", "600"),
            CodePolicy.MIN_LIFETIME.toSeconds(), CodePolicy.MAX_LIFETIME.toSeconds());
    private static final Option ATTEMPTS = Option.number(MAX_ATTEMPTS, "Attempts per code",
            "Wrong entries a code tolerates; after that it is dead and the user must request a new one.",
            D.maxAttempts(), range(1, CodePolicy.MAX_ATTEMPTS_LIMIT), 1, CodePolicy.MAX_ATTEMPTS_LIMIT);
    private static final Option COOLDOWN = Option.number(RESEND_COOLDOWN, "Resend cooldown (seconds)",
            "Wait before the first resend, " + CodePolicy.MIN_COOLDOWN.toSeconds() + " to "
                    + CodePolicy.MAX_COOLDOWN.toSeconds() + " seconds; doubles with every further resend.",
            D.resendCooldown().toSeconds(), List.of("15", "30", "45", "60", "120", "300"),
            CodePolicy.MIN_COOLDOWN.toSeconds(), CodePolicy.MAX_COOLDOWN.toSeconds());
    private static final Option SENDS = Option.number(MAX_SENDS, "Sends per login",
            "Codes one login may send, first send included; then the user must restart the login.",
            D.maxSendsPerLogin(), range(1, CodePolicy.MAX_SENDS_LIMIT), 1, CodePolicy.MAX_SENDS_LIMIT);

    public static final OptionGroup GROUP = OptionGroup.of(LENGTH, LIFETIME, ATTEMPTS, COOLDOWN, SENDS);

    private CodePolicyOptions() {
    }

    /**
     * The policy these options describe, or null when {@code values} noted anything wrong. The declared ranges are
     * {@link CodePolicy}'s own bounds, so a value within them always makes a policy.
     */
    public static CodePolicy read(OptionValues values) {
        int length = (int) values.number(LENGTH);
        Duration lifetime = Duration.ofSeconds(values.number(LIFETIME));
        int attempts = (int) values.number(ATTEMPTS);
        Duration cooldown = Duration.ofSeconds(values.number(COOLDOWN));
        int sends = (int) values.number(SENDS);
        if (!values.problems().isEmpty()) {
            return null;
        }
        return new CodePolicy(length, lifetime, attempts, cooldown, sends);
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }
}
