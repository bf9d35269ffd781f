package dev.otpguard.exchange;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.delivery.DeliveryStatus;
import dev.otpguard.core.delivery.SendFailure;
import dev.otpguard.kernel.CodeMetrics;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Hands a code to its channel on a worker thread once the request's transaction has committed, so that no request
 * waits for a mail server or an SMS gateway, whatever they do. Every code goes this way: for sign-in, phone setup
 * and contact changes the page follows the send under a {@link DeliveryTracker} ticket and tells the user when it did
 * not leave; for password resets nobody follows it, so the answer takes the same time, and says the same thing,
 * whether an account exists or not.
 *
 * <p>The worker has its own Keycloak session: it loads the realm and user again by id, sends in the language the
 * request resolved, and emits the send event the request drafted. Failures are logged without code or destination.
 * The ticket learns the outcome only after the worker's transaction committed, so whoever reads "not sent" on the
 * page also finds its event stored.
 */
public final class BackgroundDelivery {

    /** Keycloak's executors SPI names pools by task; {@code --spi-executors--default--otp-guard-delivery--max}. */
    public static final String EXECUTOR = "otp-guard-delivery";

    private static final Logger LOG = Logger.getLogger(BackgroundDelivery.class);

    private BackgroundDelivery() {
    }

    /**
     * Schedules a send nobody follows (a password reset). Nothing leaves when the request fails and its transaction
     * rolls back.
     *
     * @param channel built for the request (it may carry request data such as the WebOTP host)
     */
    public static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, CodeChannel channel,
                                   String destination, String code, CodePolicy policy, CodeMetrics.Scope meters) {
        afterCommit(session, realm, user, channel, destination, code, policy, null, null, meters);
    }

    /**
     * Schedules a followed send: the worker reports {@code sent} or {@code not-sent} (with the message key that says
     * why) under the ticket and emits the drafted event; so does a refusal of the {@link DeliveryQueue}.
     *
     * @param channel {@link CodeChannel#forLater prepared} on the request, which has the login
     * @param ticket a ticket already {@link DeliveryTracker#started started}, or null when nobody follows the send
     * @param event the send event to emit once the outcome is known, or null
     * @param meters where the outcome and the time it took are counted
     */
    public static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, CodeChannel channel,
                                   String destination, String code, CodePolicy policy, String ticket,
                                   CodeEvents.DraftedSend event, CodeMetrics.Scope meters) {
        Job job = new Job(realm.getId(), user.getId(), session.getContext().resolveLocale(user).toLanguageTag(),
                channel, destination, code, policy, ticket, event, meters, System.nanoTime());
        schedule(session, realm, user, "a " + channel.id() + " code", job);
    }

    /** Work for the delivery pool, and what to do instead when the pool's bound refuses it. */
    interface Work {
        void run(KeycloakSessionFactory factory);

        void refused(KeycloakSessionFactory factory);
    }

    /**
     * Offers {@code work} to the delivery pool once the request's transaction has committed (never when it rolls
     * back), within the {@link DeliveryQueue}'s bound. Where no transaction is running any more (an event listener
     * called after the commit), it is offered at once.
     *
     * @param what what the work sends, for the refusal's log line ("a sms code", "a new-device alert")
     */
    static void schedule(KeycloakSession session, RealmModel realm, UserModel user, String what, Work work) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        DeliveryQueue queue = session.getProvider(DeliveryQueue.class);
        String realmId = realm.getId();
        String userId = user.getId();
        Runnable offer = () -> {
            if (!queue.offer(executor, () -> work.run(factory))) {
                // the bound is full (a stalled relay or gateway), or the server is shutting down
                LOG.warnf("OTP Guard refused to schedule %s (realm id %s, user id %s): too many sends are pending "
                        + "on this node, or it is shutting down", what, realmId, userId);
                work.refused(factory);
            }
        };
        KeycloakTransactionManager transaction = session.getTransactionManager();
        if (!transaction.isActive()) {
            offer.run();
            return;
        }
        transaction.enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                offer.run();
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Every job works in its realm, like the request did: providers and the store see the same context. */
    static RealmModel inRealm(KeycloakSession session, String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm != null) {
            session.getContext().setRealm(realm);
        }
        return realm;
    }

    /** {@link #inRealm(KeycloakSession, String)}, for a job that writes to the user in the request's language. */
    static RealmModel inRealm(KeycloakSession session, String realmId, String languageTag) {
        // with no login in this session, Keycloak's locale selector reads the language from here
        session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, languageTag);
        return inRealm(session, realmId);
    }

    /** One scheduled send, with everything the worker needs and nothing of the request. */
    private record Job(String realmId, String userId, String languageTag, CodeChannel channel, String destination,
                       String code, CodePolicy policy, String ticket, CodeEvents.DraftedSend event,
                       CodeMetrics.Scope meters, long scheduledNanos) implements Work {

        private static final String NOT_SENT_KEY = CodeChannel.DeliveryFailedException.DEFAULT_MESSAGE_KEY;

        @Override
        public void run(KeycloakSessionFactory factory) {
            long started = System.nanoTime();
            Outcome outcome;
            try {
                outcome = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::send);
            } catch (RuntimeException e) {
                LOG.warnf("OTP Guard could not deliver the %s code (realm id %s, user id %s): unexpected %s",
                        channel.id(), realmId, userId, e.getClass().getName());
                outcome = Outcome.failed(NOT_SENT_KEY, SendFailure.OTHER);
                emitFailure(factory);
            }
            if (outcome.sent()) {
                LOG.debugf("OTP Guard handed a %s code to its channel in the background in %d ms", channel.id(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            count(outcome, true);
            report(factory, outcome);
        }

        /** The queue would not take the job: nothing was tried, and the page and the events say so. */
        @Override
        public void refused(KeycloakSessionFactory factory) {
            emitFailure(factory);
            Outcome refused = Outcome.failed(NOT_SENT_KEY, SendFailure.QUEUE_FULL);
            count(refused, false);
            report(factory, refused);
        }

        /** Counts the outcome and, for a send that was tried, the time from the request to the answer. */
        private void count(Outcome outcome, boolean tried) {
            try {
                if (outcome.sent()) {
                    meters.sent(destination);
                } else {
                    meters.failed(outcome.failure());
                }
                if (tried) {
                    meters.took(Duration.ofNanos(System.nanoTime() - scheduledNanos), outcome.sent());
                }
            } catch (RuntimeException e) {
                // a meter never costs a code its delivery
                LOG.debugf("OTP Guard could not count a %s send: %s", channel.id(), e.getClass().getName());
            }
        }

        private Outcome send(KeycloakSession session) {
            RealmModel realm = BackgroundDelivery.inRealm(session, realmId, languageTag);
            if (realm == null) {
                return Outcome.failed(NOT_SENT_KEY, SendFailure.NO_ACCOUNT);
            }
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null || !user.isEnabled()) {
                return Outcome.failed(NOT_SENT_KEY, SendFailure.NO_ACCOUNT);
            }
            try {
                channel.deliver(new CodeChannel.Delivery(session, realm, user, null, ticket), destination, code,
                        policy);
            } catch (CodeChannel.DeliveryFailedException e) {
                LOG.warnf("OTP Guard could not deliver the %s code (realm %s, user id %s): %s", channel.id(),
                        realm.getName(), userId, e.getMessage());
                if (event != null) {
                    event.failed(session, realm);
                }
                return Outcome.failed(e.userMessageKey(), e.failure());
            }
            if (event != null) {
                event.sent(session, realm);
            }
            return Outcome.SENT;
        }

        private void emitFailure(KeycloakSessionFactory factory) {
            if (event == null) {
                return;
            }
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = inRealm(session);
                    if (realm != null) {
                        event.failed(session, realm);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("OTP Guard could not report a failed %s send as an event (realm id %s): %s", channel.id(),
                        realmId, e.getClass().getName());
            }
        }

        /** After the send's own transaction: a page that reads the outcome finds its event already stored. */
        private void report(KeycloakSessionFactory factory, Outcome outcome) {
            if (ticket == null) {
                return;
            }
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    inRealm(session);
                    new DeliveryTracker(session, realmId).report(ticket,
                            outcome.sent() ? DeliveryStatus.SENT : DeliveryStatus.NOT_SENT, null, outcome.messageKey());
                });
            } catch (RuntimeException e) {
                LOG.warnf("OTP Guard could not record how a %s send went (realm id %s): %s", channel.id(), realmId,
                        e.getClass().getName());
            }
        }

        private RealmModel inRealm(KeycloakSession session) {
            return BackgroundDelivery.inRealm(session, realmId);
        }

        @Override
        public String toString() {
            // a job is never logged with its code or destination
            return "Job[" + channel.id() + ", realm id " + realmId + "]";
        }
    }

    /**
     * How a send went: {@code messageKey} tells the user why it did not leave, {@code failure} counts it.
     */
    private record Outcome(boolean sent, String messageKey, SendFailure failure) {
        static final Outcome SENT = new Outcome(true, null, null);

        static Outcome failed(String messageKey, SendFailure failure) {
            return new Outcome(false, messageKey, failure);
        }
    }
}
