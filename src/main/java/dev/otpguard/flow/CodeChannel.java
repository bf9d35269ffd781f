package dev.otpguard.flow;

import dev.otpguard.code.CodePolicy;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/** One way of getting a code to a person (email now, SMS next): where it goes and how it is delivered. */
public interface CodeChannel {

    /** Short name used in events, notes and messages: {@code email}, {@code sms}. */
    String id();

    /** The user's address or number for this channel, if they have one. */
    Optional<String> destination(UserModel user);

    /** The destination as the page, events and logs may show it. */
    String mask(String destination);

    /**
     * Sends the code. Throws when the message certainly did not leave, so the page can say so instead of
     * asking for a code that never came (checklist D3).
     */
    void deliver(AuthenticationFlowContext context, String destination, String code, CodePolicy policy)
            throws DeliveryFailedException;

    /** Delivery did not happen; the message is for operators and must not contain the code or the destination. */
    final class DeliveryFailedException extends Exception {
        public DeliveryFailedException(String operatorMessage) {
            super(operatorMessage);
        }
    }
}
