package dev.otpguard.kernel;

import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends a notice (not a code) by mail or by free-text SMS. A notice never fails what caused it: a password reset or
 * a contact change has already happened, so a failed notice is one WARN line, without the address, number or text,
 * and a false return the caller may report in its event.
 */
public final class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    /**
     * @param what    what the notice is, for the log line ("password reset notice")
     * @param address where it goes; the templates still see the user
     */
    public record Mail(String what, String address, String subjectKey, List<Object> subjectArguments, String template,
                       Map<String, Object> attributes) {
    }

    /**
     * @param what   what the notice is, for the log line ("phone change notice")
     * @param number where it goes
     * @param text   the localized text
     */
    public record Text(String what, String number, String text) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    public Notifier(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /** Returns whether the mail was handed to the realm's SMTP server. */
    public boolean mail(Mail notice) {
        try {
            MailTo.send(session.getProvider(EmailTemplateProvider.class).setRealm(realm), user, notice.address(),
                    notice.subjectKey(), notice.subjectArguments(), notice.template(), notice.attributes());
            return true;
        } catch (Exception e) {
            LOG.warnf("OTP Guard could not email the %s (realm %s, user id %s): %s", notice.what(), realm.getName(),
                    user.getId(), e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Returns whether the server's default SMS sender took the text. Twilio Verify sends only its own code
     * messages, so with it (or with no sender) nothing is texted.
     */
    public boolean text(Text notice) {
        try {
            SmsSender sender = session.getProvider(SmsSender.class);
            if (sender == null || sender.generatesCodes()) {
                LOG.warnf("OTP Guard has no SMS sender for free text; the %s for user id %s in realm %s is not "
                        + "texted", notice.what(), user.getId(), realm.getName());
                return false;
            }
            sender.send(new SmsMessage(notice.number(), notice.text()));
            return true;
        } catch (Exception e) {
            LOG.warnf("OTP Guard could not text the %s (realm %s, user id %s): %s", notice.what(), realm.getName(),
                    user.getId(), e.getClass().getSimpleName());
            return false;
        }
    }
}
