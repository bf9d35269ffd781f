package dev.otpguard.exchange;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes.RemoteCheck;
import dev.otpguard.core.delivery.SendFailure;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** One way of getting a code to a person (email, SMS): where it goes and how it is delivered. */
public interface CodeChannel {

    /** Short name used in events, notes and messages: {@code email}, {@code sms}. */
    String id();

    /** Whether each send costs money and so counts against the realm's SMS budget. */
    default boolean metered() {
        return false;
    }

    /** The user's verified address or number for this channel, if they have one. */
    Optional<String> destination(UserModel user);

    /** The destination as the page, events and logs may show it. */
    String mask(String destination);

    /** Two destinations of this channel shown together, masked so that two different ones read apart. */
    MaskedDestination.Pair maskApart(String first, String second);

    /**
     * Sends the code. Throws when the message certainly did not leave, so the page can say so instead of
     * asking for a code that never came (checklist D3).
     */
    void deliver(Delivery delivery, String destination, String code, CodePolicy policy) throws DeliveryFailedException;

    /**
     * The same channel for password-reset codes: its messages say the code resets the password and what to do
     * when the person did not ask for it, instead of calling it a sign-in code.
     */
    CodeChannel forPasswordReset();

    /**
     * This channel with what only the request knows, for a send after it: the worker that sends has no login (no
     * client, no authentication session). Channels that read nothing of the login return themselves.
     */
    default CodeChannel forLater(Delivery request) {
        return this;
    }

    /**
     * Other ways this channel can deliver the same kind of code, offered on the page as "instead" buttons (Twilio
     * Verify's {@code call} and {@code whatsapp}); empty for most channels.
     */
    default java.util.List<String> alternatives() {
        return java.util.List.of();
    }

    /** This channel delivering by {@code alternative}, one of {@link #alternatives()}. */
    default CodeChannel via(String alternative) {
        throw new IllegalArgumentException(id() + " has no alternative " + alternative);
    }

    /** True when the service behind the channel makes and checks the code itself (Twilio Verify). */
    default boolean checksCodesItself() {
        return false;
    }

    /** Asks the service whether the code is right; only for channels that {@link #checksCodesItself()}. */
    default boolean checkCode(Delivery delivery, String destination, String digits)
            throws RemoteCheck.UnavailableException {
        throw new UnsupportedOperationException(id() + " does not check codes itself");
    }

    /**
     * Who a code is for, in which realm and login; works for authenticators and required actions alike.
     *
     * @param ticket the {@link DeliveryTracker} ticket the channel reports this send under (a provider's message
     *               id, for its status callbacks), or null when nobody follows the send
     */
    record Delivery(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
                    String ticket) {

        public Delivery(KeycloakSession session, RealmModel realm, UserModel user,
                        AuthenticationSessionModel authSession) {
            this(session, realm, user, authSession, null);
        }
    }

    /**
     * Delivery did not happen. The operator message must not contain the code, the destination or a secret;
     * the message key tells the user what happened in their language.
     */
    final class DeliveryFailedException extends Exception {
        /** What the user is told when the channel names no better reason. */
        public static final String DEFAULT_MESSAGE_KEY = "otpGuardDeliveryFailed";

        private final String userMessageKey;
        private final SendFailure failure;

        /** @param failure why, as operators count it (a closed set) */
        public DeliveryFailedException(String operatorMessage, SendFailure failure) {
            this(operatorMessage, DEFAULT_MESSAGE_KEY, failure);
        }

        public DeliveryFailedException(String operatorMessage, String userMessageKey, SendFailure failure) {
            super(operatorMessage);
            this.userMessageKey = userMessageKey;
            this.failure = failure;
        }

        public String userMessageKey() {
            return userMessageKey;
        }

        public SendFailure failure() {
            return failure;
        }
    }
}
