package dev.otpguard.exchange;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    public static final OptionGroup GROUP = OptionGroup.of(
            Option.choice(CODE_LENGTH, "Code length",
                    "Digits per code, " + CodePolicy.MIN_LENGTH + " to " + CodePolicy.MAX_LENGTH + ".",
                    Integer.toString(D.length()), range(CodePolicy.MIN_LENGTH, CodePolicy.MAX_LENGTH)),
            Option.choice(CODE_LIFETIME, "Code lifetime (seconds)",
                    "How long a code can be used, " + CodePolicy.MIN_LIFETIME.toSeconds() + " to "
                            + CodePolicy.MAX_LIFETIME.toSeconds() + " seconds. Default 300 (5 minutes).",
                    Long.toString(D.lifetime().toSeconds()), List.of("60", "120", "180", "300", "600")),
            Option.choice(MAX_ATTEMPTS, "Attempts per code",
                    "Wrong entries a code tolerates; after that it is dead and the user must request a new one.",
                    Integer.toString(D.maxAttempts()), range(1, CodePolicy.MAX_ATTEMPTS_LIMIT)),
            Option.choice(RESEND_COOLDOWN, "Resend cooldown (seconds)",
                    "Wait before the first resend, " + CodePolicy.MIN_COOLDOWN.toSeconds() + " to "
                            + CodePolicy.MAX_COOLDOWN.toSeconds()
                            + " seconds; doubles with every further resend.",
                    Long.toString(D.resendCooldown().toSeconds()), List.of("15", "30", "45", "60", "120", "300")),
            Option.choice(MAX_SENDS, "Sends per login",
                    "Codes one login may send, first send included; then the user must restart the login.",
                    Integer.toString(D.maxSendsPerLogin()), range(1, CodePolicy.MAX_SENDS_LIMIT)));

    private CodePolicyOptions() {
    }

    /**
     * The policy these options describe, or null after adding to {@code problems} what is wrong: first what is not
     * a number, then (only when all are numbers) what {@link CodePolicy} refuses.
     */
    public static CodePolicy read(Map<String, String> config, List<String> problems) {
        int before = problems.size();
        int length = integer(config, CODE_LENGTH, D.length(), problems);
        int lifetime = integer(config, CODE_LIFETIME, (int) D.lifetime().toSeconds(), problems);
        int attempts = integer(config, MAX_ATTEMPTS, D.maxAttempts(), problems);
        int cooldown = integer(config, RESEND_COOLDOWN, (int) D.resendCooldown().toSeconds(), problems);
        int sends = integer(config, MAX_SENDS, D.maxSendsPerLogin(), problems);
        if (problems.size() > before) {
            return null;
        }
        List<String> refused = CodePolicy.problems(length, Duration.ofSeconds(lifetime), attempts,
                Duration.ofSeconds(cooldown), sends);
        if (!refused.isEmpty()) {
            problems.addAll(refused);
            return null;
        }
        return new CodePolicy(length, Duration.ofSeconds(lifetime), attempts, Duration.ofSeconds(cooldown), sends);
    }

    private static int integer(Map<String, String> config, String key, int fallback, List<String> problems) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number");
            return fallback;
        }
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }
}
