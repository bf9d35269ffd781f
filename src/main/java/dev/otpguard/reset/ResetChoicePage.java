package dev.otpguard.reset;

import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.NoticeText;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * "Where should we send your code?": shown in a password reset only to an account that has both an email
 * address and a verified phone number, when the step's {@code resetChannels} option is {@code choice}.
 */
public final class ResetChoicePage {

    public static final String TEMPLATE = "otp-guard-reset-choice.ftl";
    public static final String FIELD_CHANNEL = "channel";
    /** What reset pages name instead of a channel when a second one may be in play. */
    public static final String ANY_CHANNEL = "any";

    /**
     * One choice: the channel's id and its masked destination. A class with getters, not a record: FreeMarker
     * would see a record's {@code channel()} as a method rather than a value.
     */
    public static final class Option {
        private final String channel;
        private final String maskedDestination;

        Option(String channel, String maskedDestination) {
            this.channel = channel;
            this.maskedDestination = maskedDestination;
        }

        public String getChannel() {
            return channel;
        }

        /** Printed as it is: {@code msg()} would read a masked address containing {@code ${...}} as a message. */
        public LiteralText getMaskedDestination() {
            return NoticeText.literal(maskedDestination);
        }
    }

    private ResetChoicePage() {
    }

    /** @param error a message key, or null */
    public static Response render(LoginFormsProvider form, CodeChannel first, String firstDestination,
                                  CodeChannel second, String secondDestination, String error) {
        form.setAttribute("otpGuardChoices", List.of(new Option(first.id(), first.mask(firstDestination)),
                new Option(second.id(), second.mask(secondDestination))));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }
}
