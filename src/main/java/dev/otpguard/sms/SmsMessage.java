package dev.otpguard.sms;

/** One text message: the recipient in E.164 form and the text. */
public record SmsMessage(String to, String text) {

    @Override
    public String toString() {
        // the text carries a code and the number is personal data: neither belongs in a log line
        return "SmsMessage[to=" + dev.otpguard.core.contact.MaskedDestination.phone(to) + "]";
    }
}
