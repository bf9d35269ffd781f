package dev.otpguard.channel;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import java.util.List;

/**
 * How a provider's SMS go out. The SMS step, the email step (whose password reset can fall back to SMS), phone
 * setup and the phone change all send SMS, so they all declare the sender; only code steps offer the WebOTP line.
 */
public final class SmsOptions {

    public static final String SENDER = "smsSender";
    public static final String WEB_OTP = "webOtp";

    public static final Option SENDER_OPTION = Option.openChoice(SENDER, "SMS sender",
            "Sender provider for the SMS this provider sends: twilio, twilio-verify, http, log, or the id of a "
                    + "sender you added. Empty: the server's default (--spi-otp-guard-sms-sender--provider). "
                    + "Credentials are server options, never entered here.",
            "", List.of("", "twilio", "twilio-verify", "http", "log"));

    public static final Option WEB_OTP_OPTION = Option.flag(WEB_OTP, "WebOTP line",
            "End each SMS with '@<host> #<code>' so that phones offer the code for one-tap entry "
                    + "on this site (WebOTP / origin-bound one-time codes).", false);

    public static final String ALTERNATIVES = "smsAlternatives";

    /** Other ways to deliver the code, when the sender makes its own codes (twilio-verify). */
    public static final Option ALTERNATIVES_OPTION = Option.choices(ALTERNATIVES, "Other ways to get the code",
            "With the twilio-verify sender: buttons on the code page to get the code by a voice call ('Call me "
                    + "instead') or by WhatsApp instead of SMS. They count against the same cooldown, send limit "
                    + "and SMS budget as a resend. Other senders offer none.", List.of(), List.of("call", "whatsapp"));

    /** For the SMS sign-in step: the other ways its code can come. */
    public static final OptionGroup SMS_STEP_ONLY = OptionGroup.of(ALTERNATIVES_OPTION);

    /** For providers that send SMS codes to the number a user already has. */
    public static final OptionGroup CODE_STEP = OptionGroup.of(WEB_OTP_OPTION, SENDER_OPTION);

    /** For providers that send the SMS that proves a new number. */
    public static final OptionGroup SENDER_ONLY = OptionGroup.of(SENDER_OPTION);

    private SmsOptions() {
    }
}
