package dev.otpguard.sms;

import dev.otpguard.code.CodePolicy;
import dev.otpguard.flow.RealmDisplayName;
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
    private static final String FALLBACK = "{0} is your {1} code. It expires in {2} minutes. Never share it.";

    private SmsText() {
    }

    public static String render(KeycloakSession session, RealmModel realm, UserModel user, String code,
                                CodePolicy policy, boolean webOtp) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = FALLBACK;
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
            pattern = messages.getProperty(MESSAGE_KEY, FALLBACK);
        } catch (IOException unreadable) {
            // the built-in text still gets the code to the user
        }
        String realmName = RealmDisplayName.of(realm);
        long minutes = policy.lifetimeMinutes();
        String text = new MessageFormat(pattern, locale).format(new Object[] {code, realmName, minutes});
        if (webOtp) {
            text = text + "\n\n@" + session.getContext().getUri().getBaseUri().getHost() + " #" + code;
        }
        return text;
    }
}
