package dev.otpguard.kernel;

import java.util.List;
import java.util.Map;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.UserModelDelegate;

/**
 * Sends one of OTP Guard's mails to a given address with Keycloak's email template provider (realm SMTP settings,
 * email theme, the user's language) on every supported Keycloak version. Keycloak's own send-to-an-address method
 * only exists since 26.6; the four-argument send of older versions mails the user's address, so it is given a view
 * of the user whose address is the one wanted. Only the address differs: the templates see the same user.
 */
public final class MailTo {

    private MailTo() {
    }

    /** The provider must already have its realm (and, within a login, its authentication session) set. */
    public static void send(EmailTemplateProvider provider, UserModel user, String address, String subjectKey,
                            List<Object> subjectArguments, String template, Map<String, Object> attributes)
            throws EmailException {
        UserModel addressed = address.equals(user.getEmail()) ? user : new UserModelDelegate(user) {
            @Override
            public String getEmail() {
                return address;
            }
        };
        provider.setUser(addressed).send(subjectKey, subjectArguments, template, attributes);
    }
}
