package dev.otpguard.exchange;

import dev.otpguard.kernel.Notifier;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sends notices (the new-device alert, the contact-change notice, the password-reset notice) after the request's
 * transaction has committed, on the same bounded pool as codes ({@link BackgroundDelivery}), so that a slow mail
 * relay or SMS gateway never holds the sign-in, the contact change or the reset that caused the notice.
 *
 * <p>A notice is composed on the request, where its links, device, IP address and time are known, and only handed
 * over on the worker: mail templates are rendered there in the language the request resolved. Whoever scheduled it
 * learns what became of it through an {@link Outcome}, called in the worker's own session and transaction (or in a
 * session of its own when the pool refused the notice), to emit its event or log line.
 */
public final class BackgroundNotices {

    private static final Logger LOG = Logger.getLogger(BackgroundNotices.class);

    /** What became of a notice: whether its text and its mail were handed to the gateway and the mail server. */
    public record Told(boolean texted, boolean mailed) {
        public static final Told NOTHING = new Told(false, false);

        public boolean any() {
            return texted || mailed;
        }
    }

    /** Learns what became of a notice, in a session of the worker; must not keep anything of the request's. */
    @FunctionalInterface
    public interface Outcome {
        void told(KeycloakSession session, RealmModel realm, Told told);
    }

    private BackgroundNotices() {
    }

    /**
     * Schedules a notice: the text first (when there is one), then the mail (when there is one). Nothing leaves when
     * the request's transaction rolls back.
     *
     * @param text  a free-text SMS, or null
     * @param mail  a mail, or null
     * @param what  what the notice is, for a refusal's log line ("new-device alert")
     */
    public static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, String what,
                                   Notifier.Text text, Notifier.Mail mail, Outcome outcome) {
        Job job = new Job(realm.getId(), user.getId(), session.getContext().resolveLocale(user).toLanguageTag(),
                text, mail, outcome);
        BackgroundDelivery.schedule(session, realm, user, "a " + what, job);
    }

    /** One scheduled notice, with everything the worker needs and nothing of the request. */
    private record Job(String realmId, String userId, String languageTag, Notifier.Text text, Notifier.Mail mail,
                       Outcome outcome) implements BackgroundDelivery.Work {

        @Override
        public void run(KeycloakSessionFactory factory) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, this::send);
            } catch (RuntimeException e) {
                LOG.warnf("OTP Guard could not send a notice (realm id %s, user id %s): unexpected %s", realmId,
                        userId, e.getClass().getName());
            }
        }

        @Override
        public void refused(KeycloakSessionFactory factory) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = BackgroundDelivery.inRealm(session, realmId);
                    if (realm != null) {
                        outcome.told(session, realm, Told.NOTHING);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("OTP Guard could not report a refused notice (realm id %s): %s", realmId,
                        e.getClass().getName());
            }
        }

        private void send(KeycloakSession session) {
            RealmModel realm = BackgroundDelivery.inRealm(session, realmId, languageTag);
            if (realm == null) {
                return;
            }
            UserModel user = session.users().getUserById(realm, userId);
            Told told = Told.NOTHING;
            if (user != null) {
                Notifier notifier = new Notifier(session, realm, user);
                told = new Told(text != null && notifier.text(text), mail != null && notifier.mail(mail));
            }
            outcome.told(session, realm, told);
        }

        @Override
        public String toString() {
            // a notice is never logged with its address, number or text
            return "Notice[realm id " + realmId + "]";
        }
    }
}
