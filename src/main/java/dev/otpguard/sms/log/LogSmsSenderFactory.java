package dev.otpguard.sms.log;

import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;
import dev.otpguard.sms.SmsSenderSpi;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Development sender: writes each message, code included, to the server log. It works only when the server
 * is started with {@code --spi-otp-guard-sms-sender--log--enabled=true}; chosen as the server's sender
 * without that option, it stops the server from starting.
 */
public final class LogSmsSenderFactory implements SmsSenderFactory {

    public static final String PROVIDER_ID = "log";
    private static final Logger LOG = Logger.getLogger(LogSmsSenderFactory.class);

    private boolean enabled;

    @Override
    public void init(Config.Scope config) {
        enabled = config.getBoolean("enabled", false);
        boolean chosen = PROVIDER_ID.equals(Config.getProvider(SmsSenderSpi.NAME))
                || PROVIDER_ID.equals(Config.getDefaultProvider(SmsSenderSpi.NAME));
        if (chosen && !enabled) {
            throw new IllegalStateException("OTP Guard: the 'log' SMS sender writes codes to the server log and is "
                    + "for development only. Start with --spi-otp-guard-sms-sender--log--enabled=true to use it "
                    + "anyway, or choose a real sender (twilio, twilio-verify).");
        }
        if (enabled) {
            LOG.warn("OTP Guard: the DEVELOPMENT 'log' SMS sender is enabled: text messages, codes included, go to "
                    + "this log instead of phones. Never enable it in production.");
        }
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return new LogSmsSender(enabled);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
