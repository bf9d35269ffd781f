package dev.otpguard.flow;

import dev.otpguard.code.OneTimeCodes;
import jakarta.ws.rs.core.MultivaluedMap;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * A login step that sends a one-time code through a {@link CodeChannel} and asks for it back.
 * Modelled on Keycloak's OTPFormAuthenticator: wrong codes are reported with {@code failureChallenge}, so
 * they never let an ALTERNATIVE execution move the flow past this factor.
 */
public abstract class CodeAuthenticator implements Authenticator {

    private final String channelId;
    private final CodeStepConfig.MissingContactOption missingOption;
    private final SecureRandom random;
    private final Clock clock;

    protected CodeAuthenticator(String channelId, CodeStepConfig.MissingContactOption missingOption,
                                SecureRandom random, Clock clock) {
        this.channelId = channelId;
        this.missingOption = missingOption;
        this.random = random;
        this.clock = clock;
    }

    /** The channel this step sends through, as configured. Its id must be the {@code channelId} given above. */
    protected abstract CodeChannel channel(KeycloakSession session, CodeStepConfig config);

    /** Handles a user without a destination, as configured. */
    protected abstract void handleMissingContact(AuthenticationFlowContext context, CodeStepConfig config);

    /** What the code is for; part of the code's hash and of the note names. */
    protected String purpose() {
        return "login-" + channelId;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<CodeConversation> conversation = open(context);
        if (conversation.isEmpty()) {
            return;
        }
        CodeConversation c = conversation.get();
        // a reload or a return to this page shows it again and never sends again (checklist C1)
        context.challenge(c.started() ? c.show() : c.sendFirst());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<CodeConversation> conversation = open(context);
        if (conversation.isEmpty()) {
            return;
        }
        CodeConversation c = conversation.get();
        if (isLockedByBruteForce(context)) {
            new CodeEvents(context.getEvent(), context.getUser(), channelId, null).userLocked();
            context.challenge(c.showError("otpGuardTemporarilyLocked"));
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(CodeConversation.FIELD_RESEND)) {
            context.challenge(c.resend());
            return;
        }
        switch (c.verify(form.getFirst(CodeConversation.FIELD_CODE))) {
            case ACCEPTED -> context.success();
            case WRONG_GUESS -> {
                countTowardBruteForce(context);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, c.page());
            }
            case SHOW_AGAIN -> context.challenge(c.page());
        }
    }

    /**
     * Reads the configuration and the user's destination. Empty when the step already answered the request
     * (misconfiguration, or a user without a destination).
     */
    private Optional<CodeConversation> open(AuthenticationFlowContext context) {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from(context.getAuthenticatorConfig(), missingOption);
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, channelId, parsed.problems());
            return Optional.empty();
        }
        CodeStepConfig config = parsed.config();
        CodeChannel channel = channel(context.getSession(), config);
        Optional<String> destination = channel.destination(context.getUser());
        if (destination.isEmpty()) {
            handleMissingContact(context, config);
            return Optional.empty();
        }
        OneTimeCodes codes = new OneTimeCodes(config.policy(), purpose(), clock, random);
        CodeChannel.Delivery delivery = new CodeChannel.Delivery(context.getSession(), context.getRealm(),
                context.getUser(), context.getAuthenticationSession());
        return Optional.of(new CodeConversation(channel, codes,
                new ChallengeStore(context.getAuthenticationSession(), purpose()),
                new CodeEvents(context.getEvent(), context.getUser(), channelId, channel.mask(destination.get())),
                delivery, destination.get(), context::form));
    }

    /**
     * Keycloak's detector only counts failures of the password, OTP and recovery-code categories, and takes the
     * category from the failing authenticator. A wrong one-time code is an OTP failure, so it is reported as one.
     */
    private static void countTowardBruteForce(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            context.getSession().getProvider(BruteForceProtector.class).failedLogin(realm, context.getUser(),
                    context.getConnection(), context.getUriInfo(), Set.of(OTPCredentialModel.TYPE));
        }
    }

    private static boolean isLockedByBruteForce(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        KeycloakSession session = context.getSession();
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        UserModel user = context.getUser();
        return protector.isPermanentlyLockedOut(session, realm, user)
                || protector.isTemporarilyDisabled(session, realm, user);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        // Users without a destination are handled by the configured "missing contact" behaviour, not here.
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
