package dev.otpguard.sms;

/**
 * A message could not be sent (or a code not checked). The message is for operators: it names the provider's
 * error code and HTTP status, never the number, the text or a credential.
 */
public final class SmsException extends Exception {

    /** What went wrong, as far as the user needs to know. */
    public enum Reason {
        /** the provider says the number cannot receive messages */
        INVALID_NUMBER,
        /** the provider is not configured, or refused our credentials */
        NOT_CONFIGURED,
        /** the provider asks us to slow down */
        RATE_LIMITED,
        /** timeout, connection failure or a server error at the provider */
        UNAVAILABLE
    }

    private final Reason reason;

    public SmsException(Reason reason, String operatorMessage) {
        super(operatorMessage);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
