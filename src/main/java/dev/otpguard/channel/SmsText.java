package dev.otpguard.channel;

import dev.otpguard.core.delivery.SmsEncoding;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.kernel.RealmDisplayName;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The text of a code SMS in the user's language, from the login theme's messages (so admins can change it per
 * locale under Realm settings, Localization), optionally ending in the WebOTP line {@code @host #code} that lets
 * phones offer the code for one-tap entry on that site.
 */
public final class SmsText {

    public static final String MESSAGE_KEY = "otpGuardSmsText";
    /** Text of codes that confirm a number (enrolment, contact change) rather than sign in. */
    public static final String CONFIRM_KEY = "otpGuardSmsText.confirm";
    /** Text of password-reset codes. */
    public static final String RESET_KEY = "otpGuardSmsText.reset";
    private static final String FALLBACK =
            "{0} is your {1} code. It expires in {2,choice,1#1 minute|1<{2} minutes}. Never share it.";

    private SmsText() {
    }

    public static String render(String key, KeycloakSession session, RealmModel realm, UserModel user, String code,
                                CodePolicy policy, String webOtpHost) {
        String text = message(session, realm, user, key, FALLBACK, code, RealmDisplayName.of(realm),
                policy.lifetimeMinutes());
        if (webOtpHost != null) {
            text = text + "\n\n@" + webOtpHost + " #" + code;
        }
        return text;
    }

    /** Any SMS text of ours, from the login theme's messages in the user's language, or the fallback pattern. */
    public static String message(KeycloakSession session, RealmModel realm, UserModel user, String key,
                                 String fallback, Object... arguments) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = fallback;
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
            pattern = messages.getProperty(key, fallback);
        } catch (IOException unreadable) {
            // the built-in text still reaches the user
        }
        // a typographic "…" or "’" alone must not turn a Latin-script text into UCS-2, and two segments
        return SmsEncoding.preferGsm7(new MessageFormat(pattern, locale).format(arguments));
    }
}
