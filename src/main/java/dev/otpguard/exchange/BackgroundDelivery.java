package dev.otpguard.exchange;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.delivery.DeliveryStatus;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Hands a code to its channel on a worker thread once the request's transaction has committed. Password reset
 * uses it so that the answer to "send me a code" takes the same time, and says the same thing, whether an
 * account exists or not, and whether the mail server or SMS service is slow, refusing or down.
 *
 * <p>The worker has its own Keycloak session: it loads the realm and user again by id, and sends in the
 * language the request resolved. Failures are logged (without code or destination) and reported as events by
 * nobody else, because nobody is waiting for them.
 */
public final class BackgroundDelivery {

    /** Keycloak's executors SPI names pools by task; {@code --spi-executors--default--otp-guard-delivery--max}. */
    public static final String EXECUTOR = "otp-guard-delivery";

    private static final Logger LOG = Logger.getLogger(BackgroundDelivery.class);

    private BackgroundDelivery() {
    }

    /**
     * Schedules the send. Nothing leaves when the request fails and its transaction rolls back.
     *
     * @param channel built for the request (it may carry request data such as the WebOTP host)
     */
    public static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, CodeChannel channel,
                                   String destination, String code, CodePolicy policy) {
        afterCommit(session, realm, user, channel, destination, code, policy, null);
    }

    /**
     * Schedules the send under a {@link DeliveryTracker} ticket: the worker reports {@code sent} or {@code not-sent}
     * there, and so does a refusal of the {@link DeliveryQueue}.
     *
     * @param ticket a ticket already {@link DeliveryTracker#started started}, or null when nobody follows the send
     */
    public static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, CodeChannel channel,
                                   String destination, String code, CodePolicy policy, String ticket) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        DeliveryQueue queue = session.getProvider(DeliveryQueue.class);
        String realmId = realm.getId();
        String userId = user.getId();
        String languageTag = session.getContext().resolveLocale(user).toLanguageTag();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                if (!queue.offer(executor, () -> send(factory, realmId, userId, languageTag, channel, destination,
                        code, policy, ticket))) {
                    // the bound is full (a stalled relay or gateway), or the server is shutting down
                    LOG.warnf("OTP Guard refused to schedule a %s code (realm id %s, user id %s): too many sends are "
                            + "pending on this node, or it is shutting down", channel.id(), realmId, userId);
                    reportInOwnSession(factory, realmId, ticket, DeliveryStatus.NOT_SENT);
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void reportInOwnSession(KeycloakSessionFactory factory, String realmId, String ticket,
                                           DeliveryStatus status) {
        if (ticket != null) {
            KeycloakModelUtils.runJobInTransaction(factory,
                    session -> new DeliveryTracker(session, realmId).report(ticket, status, null));
        }
    }

    private static void send(KeycloakSessionFactory factory, String realmId, String userId, String languageTag,
                             CodeChannel channel, String destination, String code, CodePolicy policy,
                             String ticket) {
        long started = System.nanoTime();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                // with no login in this session, Keycloak's locale selector reads the language from here
                session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, languageTag);
                UserModel user = session.users().getUserById(realm, userId);
                DeliveryTracker tracker = new DeliveryTracker(session, realmId);
                if (user == null || !user.isEnabled()) {
                    if (ticket != null) {
                        tracker.report(ticket, DeliveryStatus.NOT_SENT, null);
                    }
                    return;
                }
                try {
                    channel.deliver(new CodeChannel.Delivery(session, realm, user, null, ticket), destination, code,
                            policy);
                    if (ticket != null) {
                        tracker.report(ticket, DeliveryStatus.SENT, null);
                    }
                    LOG.debugf("OTP Guard handed a %s code to its channel in the background in %d ms", channel.id(),
                            (System.nanoTime() - started) / 1_000_000);
                } catch (CodeChannel.DeliveryFailedException e) {
                    if (ticket != null) {
                        tracker.report(ticket, DeliveryStatus.NOT_SENT, null);
                    }
                    LOG.warnf("OTP Guard could not deliver the %s code (realm %s, user id %s): %s", channel.id(),
                            realm.getName(), userId, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("OTP Guard could not deliver the %s code (realm id %s, user id %s): unexpected %s", channel.id(),
                    realmId, userId, e.getClass().getName());
            reportInOwnSession(factory, realmId, ticket, DeliveryStatus.NOT_SENT);
        }
    }
}
