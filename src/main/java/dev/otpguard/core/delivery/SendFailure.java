package dev.otpguard.core.delivery;

import java.util.Locale;

/**
 * Why a code did not leave, as far as an operator counts it: a closed set, so that a metric or event tagged with it
 * cannot grow with what a gateway or a user sends.
 */
public enum SendFailure {
    /** the mail server refused the message, or could not be reached in time */
    MAIL_SERVER,
    /** the SMS gateway says the number cannot receive messages */
    INVALID_NUMBER,
    /** the SMS gateway is not configured, or refused our credentials */
    NOT_CONFIGURED,
    /** the SMS gateway asked us to slow down */
    RATE_LIMITED,
    /** the SMS gateway timed out, could not be reached or failed */
    GATEWAY_UNAVAILABLE,
    /** this node had too many sends waiting and refused one more */
    QUEUE_FULL,
    /** the account was gone or disabled by the time the send ran */
    NO_ACCOUNT,
    /** anything else (a defect in a sender, say) */
    OTHER;

    /** The tag value: the name in lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
