package dev.otpguard.sms;

import java.time.Duration;

/**
 * One text message: the recipient in E.164 form and the text.
 *
 * @param validity       how long the gateway may keep trying before it gives up (the code's lifetime: a code that
 *                       arrives after it expired only confuses), or null for the gateway's default
 * @param statusCallback where the gateway should report what became of the message (see
 *                       {@link SmsSenderFactory#statusCallbackUrl}), or null when nobody follows it
 */
public record SmsMessage(String to, String text, Duration validity, String statusCallback) {

    public SmsMessage(String to, String text) {
        this(to, text, null, null);
    }

    @Override
    public String toString() {
        // the text carries a code and the number is personal data: neither belongs in a log line
        return "SmsMessage[to=" + dev.otpguard.core.contact.MaskedDestination.phone(to) + "]";
    }
}
