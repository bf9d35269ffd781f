package dev.otpguard.passkey;

import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.CodeSignIn;
import dev.otpguard.kernel.Misconfiguration;
import dev.otpguard.kernel.ProviderIds;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Clock;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Sign in faster and safer with a passkey": after a sign-in with an email or SMS code, a user without a passkey
 * sees one page offering Keycloak's own passkey registration ({@value #REGISTER_PASSKEY}) or "Not now". The action
 * adds itself to the login, never to the user, so a user who leaves the page is not stuck with it.
 */
final class PasskeyNudgeAction implements RequiredActionProvider {

    static final String TEMPLATE = "otp-guard-passkey-nudge.ftl";
    static final String REGISTER_PASSKEY = "webauthn-register-passwordless";
    static final String PASSKEY_CREDENTIAL = "webauthn-passwordless";
    static final String FIELD_SETUP = "setup";
    static final String FIELD_NOT_NOW = "notNow";
    /** Once answered in a login, the triggers (which Keycloak evaluates again after every action) leave it. */
    private static final String ANSWERED = "otp-guard.passkey-nudge.answered";

    private static final Logger LOG = Logger.getLogger(PasskeyNudgeAction.class);

    private final Clock clock;

    PasskeyNudgeAction(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel login = context.getAuthenticationSession();
        UserModel user = context.getUser();
        if (user == null || login.getAuthNote(ANSWERED) != null || CodeSignIn.channel(login).isEmpty()
                || hasPasskey(user)) {
            return;
        }
        PasskeyNudgeConfig.Parsed parsed = PasskeyNudgeConfig.from(
                context.getConfig() == null ? null : context.getConfig().getConfig());
        if (!parsed.isValid() || NotNow.active(user, clock.instant())) {
            // a wrong configuration is named when the page is asked for; a trigger has no page to answer with
            return;
        }
        if (!passkeyRegistrationEnabled(context)) {
            LOG.warnf("OTP Guard's passkey nudge stays away in realm %s: Keycloak's required action '%s' is disabled, "
                    + "so 'Set up a passkey' would lead nowhere", context.getRealm().getName(), REGISTER_PASSKEY);
            return;
        }
        login.addRequiredAction(ProviderIds.PASSKEY_NUDGE);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (hasPasskey(context.getUser())) {
            context.success();
            return;
        }
        if (config(context) == null) {
            return;
        }
        context.challenge(context.form().createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        PasskeyNudgeConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel login = context.getAuthenticationSession();
        if (form.containsKey(FIELD_SETUP) && !hasPasskey(context.getUser())) {
            login.setAuthNote(ANSWERED, FIELD_SETUP);
            // Keycloak's registration runs next in this login, with its own page, events and error handling
            login.addRequiredAction(REGISTER_PASSKEY);
            answered(context, "passkey_nudge_setup");
            context.success();
            return;
        }
        if (form.containsKey(FIELD_NOT_NOW)) {
            login.setAuthNote(ANSWERED, FIELD_NOT_NOW);
            NotNow.remember(context.getUser(), clock.instant(), config.notNow());
            answered(context, "passkey_nudge_not_now");
            context.success();
            return;
        }
        // neither button (a forged or empty post): the page again, nothing stored
        context.challenge(context.form().createForm(TEMPLATE));
    }

    private static void answered(RequiredActionContext context, String action) {
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(Details.CUSTOM_REQUIRED_ACTION, ProviderIds.PASSKEY_NUDGE)
                .detail(CodeEvents.ACTION, action).success();
    }

    static boolean hasPasskey(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(PASSKEY_CREDENTIAL).findAny().isPresent();
    }

    private static boolean passkeyRegistrationEnabled(RequiredActionContext context) {
        RequiredActionProviderModel register = context.getRealm().getRequiredActionProviderByAlias(REGISTER_PASSKEY);
        return register != null && register.isEnabled();
    }

    private PasskeyNudgeConfig config(RequiredActionContext context) {
        PasskeyNudgeConfig.Parsed parsed = PasskeyNudgeConfig.from(
                context.getConfig() == null ? null : context.getConfig().getConfig());
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, ProviderIds.PASSKEY_NUDGE, parsed.problems());
            return null;
        }
        return parsed.config();
    }

    @Override
    public void close() {
    }
}
