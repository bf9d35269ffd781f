package dev.otpguard.sms;

import org.keycloak.provider.Provider;

/**
 * Delivers text messages for OTP Guard. Providers are chosen per server with
 * {@code --spi-otp-guard-sms-sender--provider=<id>} (and per step, optionally, in the step's configuration).
 */
public interface SmsSender extends Provider {

    /** Sends a message whose code OTP Guard generated. */
    void send(SmsMessage message) throws SmsException;

    /**
     * Sends like {@link #send} and names the message the way the gateway's status reports will (a Twilio message
     * SID), so its delivery can be followed. A sender that can honour {@link SmsMessage#validity()} and
     * {@link SmsMessage#statusCallback()} does so here.
     *
     * @return the gateway's id of the message, or null when it has none
     */
    default String sendTracked(SmsMessage message) throws SmsException {
        send(message);
        return null;
    }

    /** True when the service makes and checks codes itself; then {@link #startVerification} replaces {@link #send}. */
    default boolean generatesCodes() {
        return false;
    }

    /** Asks the service to send a code of its own to {@code to} (E.164), in the given language tag. */
    default void startVerification(String to, String languageTag) throws SmsException {
        throw new UnsupportedOperationException("this sender does not generate codes");
    }

    /**
     * Asks the service to deliver a code of its own to {@code to} by {@code channel}: {@code sms}, or one of
     * {@link #verificationChannels()} (Twilio Verify: {@code call} reads the code out, {@code whatsapp}).
     */
    default void startVerification(String to, String languageTag, String channel) throws SmsException {
        if (!"sms".equals(channel)) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "this sender cannot deliver by " + channel);
        }
        startVerification(to, languageTag);
    }

    /** The channels {@link #startVerification(String, String, String)} takes; empty unless it generates codes. */
    default java.util.Set<String> verificationChannels() {
        return generatesCodes() ? java.util.Set.of("sms") : java.util.Set.of();
    }

    /** Asks the service whether {@code code} is the one it sent to {@code to}. */
    default boolean checkVerification(String to, String code) throws SmsException {
        throw new UnsupportedOperationException("this sender does not generate codes");
    }

    @Override
    default void close() {
    }
}
