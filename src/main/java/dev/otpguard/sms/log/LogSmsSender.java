package dev.otpguard.sms.log;

import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import org.jboss.logging.Logger;

/** Writes messages to the server log; see {@link LogSmsSenderFactory}. */
final class LogSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LogSmsSender.class);

    private final boolean enabled;

    LogSmsSender(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void send(SmsMessage message) throws SmsException {
        if (!enabled) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED,
                    "the development 'log' sender is not enabled (--spi-otp-guard-sms-sender--log--enabled=true)");
        }
        LOG.warnf("[DEVELOPMENT SMS, not sent] to %s: %s", message.to(), message.text());
    }
}
