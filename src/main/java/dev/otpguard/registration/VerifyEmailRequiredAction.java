package dev.otpguard.registration;

import dev.otpguard.channel.EmailChannel;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeConversation;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.kernel.Misconfiguration;
import dev.otpguard.kernel.ProviderIds;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * "Verify email with a code": a code goes to the user's address and typing it back verifies the address, in the
 * browser the user registered in (a link in a mail often opens another one, on phones most of all). Keycloak's own
 * "Verify Email" conventions hold: an address already verified ends the action at once, a user without an address
 * is left for later, success sets {@code emailVerified} and sends Keycloak's {@code VERIFY_EMAIL} event.
 */
final class VerifyEmailRequiredAction implements RequiredActionProvider {

    static final String PURPOSE = "verify-email";
    static final String TITLE_KEY = "otpGuardTitle.verify.email";

    private static final Logger LOG = Logger.getLogger(VerifyEmailRequiredAction.class);

    private final SecureRandom random;
    private final Clock clock;

    VerifyEmailRequiredAction(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** Applications may ask for it ({@code kc_action}), as for Keycloak's own "Verify Email". */
    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // like any required action, it runs when an admin, a default action or an application asks for it
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user.isEmailVerified()) {
            context.success();
            return;
        }
        String email = user.getEmail();
        if (email == null || email.isBlank()) {
            // Keycloak's own action does the same: nothing to verify yet, ask again at the next sign-in
            LOG.debugf("OTP Guard leaves email verification for later: user id %s has no address", user.getId());
            context.ignore();
            return;
        }
        VerifyEmailConfig config = config(context);
        if (config == null) {
            return;
        }
        CodeConversation conversation = conversation(context, config, email);
        context.challenge(conversation.started() ? conversation.show() : conversation.sendFirst());
    }

    @Override
    public void processAction(RequiredActionContext context) {
        UserModel user = context.getUser();
        String email = user.getEmail();
        if (user.isEmailVerified() || email == null || email.isBlank()) {
            requiredActionChallenge(context);
            return;
        }
        VerifyEmailConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        CodeConversation conversation = conversation(context, config, email);
        if (!conversation.started()) {
            // a post before any code (the action started by a form Keycloak posted): the first code, as on a view
            context.challenge(conversation.sendFirst());
            return;
        }
        Optional<Response> asked = conversation.pageAsked(form);
        if (asked.isPresent()) {
            context.challenge(asked.get());
            return;
        }
        CodeConversation.Checked checked = conversation.verify(form.getFirst(CodeConversation.FIELD_CODE));
        if (!checked.accepted()) {
            context.challenge(checked.page());
            return;
        }
        user.setEmailVerified(true);
        context.getEvent().clone().event(EventType.VERIFY_EMAIL).user(user)
                // masked like every detail of ours (checklist G2), unlike Keycloak's own event, which names the address
                .detail(CodeEvents.ACTION, "verify_email").detail(CodeEvents.CHANNEL, "email")
                .detail(CodeEvents.DESTINATION, EmailChannel.forConfirmation().mask(email))
                .detail(Details.CONTEXT, ProviderIds.VERIFY_EMAIL).success();
        context.success();
    }

    private CodeConversation conversation(RequiredActionContext context, VerifyEmailConfig config, String email) {
        EmailChannel channel = EmailChannel.forConfirmation();
        // the address is part of the purpose: a code mailed to one address never verifies another one the user
        // changed to meanwhile (an admin, the account console or a profile update)
        OneTimeCodes codes = new OneTimeCodes(config.codes(), PURPOSE + ":" + email.toLowerCase(Locale.ROOT), clock,
                random);
        return new CodeConversation(channel, codes, new ChallengeStore(context.getAuthenticationSession(), PURPOSE),
                new CodeEvents(context.getEvent(), context.getUser(), channel.id(), channel.mask(email),
                        CodeMetrics.global().scope(context.getRealm(), channel.id(), CodeMetrics.Purpose.ENROLMENT)),
                new CodeChannel.Delivery(context.getSession(), context.getRealm(), context.getUser(),
                        context.getAuthenticationSession()),
                email, () -> context.form().setAttribute("otpGuardTitleKey", TITLE_KEY));
    }

    private VerifyEmailConfig config(RequiredActionContext context) {
        VerifyEmailConfig.Parsed parsed = VerifyEmailConfig.from(
                context.getConfig() == null ? null : context.getConfig().getConfig());
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, ProviderIds.VERIFY_EMAIL, parsed.problems());
            return null;
        }
        return parsed.config();
    }

    @Override
    public void close() {
    }
}
