package dev.otpguard.step;

import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.reset.ResetCodeStep;
import dev.otpguard.reset.ResetOptions;

import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeConversation;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.BruteForceReport;
import dev.otpguard.kernel.CodeSignIn;
import dev.otpguard.kernel.Misconfiguration;

import dev.otpguard.core.code.OneTimeCodes;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import dev.otpguard.core.reset.ResetChannels;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * The email and the SMS code step: a login step that sends a one-time code through a {@link CodeChannel} and asks
 * for it back; what differs between the two is its {@link StepChannel}. Modelled on Keycloak's
 * OTPFormAuthenticator: wrong codes are reported with {@code failureChallenge}, so they never let an ALTERNATIVE
 * execution move the flow past this factor.
 */
public final class CodeStep implements Authenticator {

    private final StepChannel spec;
    private final String channelId;
    private final SecureRandom random;
    private final Clock clock;

    public CodeStep(StepChannel spec, SecureRandom random, Clock clock) {
        this.spec = spec;
        this.channelId = spec.id();
        this.random = random;
        this.clock = clock;
    }

    /** A user without a destination, as configured: stop, let them past, or have them set one up first. */
    private void handleMissingContact(AuthenticationFlowContext context, CodeStepConfig config) {
        CodeEvents events = events(context, null);
        switch (config.missingContact()) {
            case FAIL -> {
                events.missingContact("fail");
                context.failure(AuthenticationFlowError.INVALID_USER, context.form()
                        .setError(spec.noContactMessage()).createErrorPage(Response.Status.BAD_REQUEST));
            }
            case SKIP -> {
                events.missingContact("skip");
                context.success();
            }
            case ENROL -> {
                String reason = spec.enrol(context);
                events.missingContact(reason);
                context.success();
            }
        }
    }

    /** The sign-in's events, counted as sign-in codes of this step's channel. */
    private CodeEvents events(AuthenticationFlowContext context, String maskedDestination) {
        return new CodeEvents(context.getEvent(), context.getUser(), channelId, maskedDestination,
                CodeMetrics.global().scope(context.getRealm(), channelId, CodeMetrics.Purpose.SIGN_IN));
    }

    /** What the code is for; part of the code's hash and of the note names. */
    private String purpose() {
        return "login-" + channelId;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (isPasswordReset(context)) {
            resetStep(context, false);
            return;
        }
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
        if (isPasswordReset(context)) {
            resetStep(context, true);
            return;
        }
        Optional<CodeConversation> conversation = open(context);
        if (conversation.isEmpty()) {
            return;
        }
        CodeConversation c = conversation.get();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        // a resend guesses nothing, so it is never answered or reported as a lockout: a burst of them can find the
        // user locked by Keycloak's quick-login check without one wrong code; the cooldown and the limits still hold
        Optional<Response> asked = c.pageAsked(form);
        if (asked.isPresent()) {
            context.challenge(asked.get());
            return;
        }
        if (isLockedByBruteForce(context)) {
            events(context, null).userLocked();
            context.challenge(c.showError("otpGuardTemporarilyLocked"));
            return;
        }
        CodeConversation.Checked checked = c.verify(form.getFirst(CodeConversation.FIELD_CODE));
        switch (checked.result()) {
            case ACCEPTED -> {
                if (spec == StepChannel.SMS) {
                    UnverifiedPhone.bindVerified(context);
                    UnverifiedPhone.proven(context);
                }
                CodeSignIn.record(context.getAuthenticationSession(), channelId);
                context.success();
            }
            case WRONG_GUESS -> {
                countTowardBruteForce(context);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, checked.page());
            }
            case SHOW_AGAIN -> context.challenge(checked.page());
        }
    }

    private static boolean isPasswordReset(AuthenticationFlowContext context) {
        return LoginActionsService.RESET_CREDENTIALS_PATH.equals(context.getFlowPath());
    }

    /** The reset-credentials flow: the same step, parsed here once, answered by {@link ResetCodeStep}. */
    private void resetStep(AuthenticationFlowContext context, boolean action) {
        Optional<CodeStepConfig> read = readConfig(context);
        if (read.isEmpty()) {
            return;
        }
        CodeStepConfig config = read.get();
        ResetChannels mode = ResetChannels.fromConfig(config.choice(ResetOptions.CHANNELS_OPTION)).orElseThrow();
        KeycloakSession session = context.getSession();
        // a reset code's messages say it resets the password, not that someone signs in
        CodeChannel own = spec.channel(session, config).forPasswordReset();
        CodeChannel other = mode == ResetChannels.THIS_ONLY ? null : spec.otherChannel(session, config).forPasswordReset();
        ResetCodeStep.Settings settings = new ResetCodeStep.Settings(config.policy(), mode,
                config.flag(ResetOptions.LOGOUT_OPTION), config.flag(ResetOptions.NOTIFY_OPTION));
        new ResetCodeStep(settings, own, other, clock, random).handle(context, action);
    }

    private Optional<CodeStepConfig> readConfig(AuthenticationFlowContext context) {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from(context.getAuthenticatorConfig(), spec);
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, channelId, parsed.problems());
            return Optional.empty();
        }
        return Optional.of(parsed.config());
    }

    /**
     * Reads the configuration and the user's destination. Empty when the step already answered the request
     * (misconfiguration, or a user without a destination).
     */
    private Optional<CodeConversation> open(AuthenticationFlowContext context) {
        if (context.getUser() == null) {
            // what Keycloak does for a step that needs a user; this one needs none only in a password reset
            throw new AuthenticationFlowException("authenticator '" + channelId + "' needs a user chosen by an "
                    + "earlier step", AuthenticationFlowError.UNKNOWN_USER);
        }
        Optional<CodeStepConfig> read = readConfig(context);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        CodeStepConfig config = read.get();
        CodeChannel channel = spec.channel(context.getSession(), config);
        Optional<String> destination = channel.destination(context.getUser());
        boolean firstUse = false;
        if (destination.isEmpty() && spec == StepChannel.SMS) {
            String mode = config.choice(UnverifiedPhone.UNVERIFIED_OPTION);
            if (UnverifiedPhone.SETUP.equals(mode) && UnverifiedPhone.hasUnverified(context.getUser())) {
                // phone setup proves the number by SMS, with it filled in, before the sign-in completes
                events(context, null).missingContact(spec.enrol(context));
                context.success();
                return Optional.empty();
            }
            if (UnverifiedPhone.VERIFY_ON_FIRST_USE.equals(mode)) {
                destination = UnverifiedPhone.provisioned(context.getUser())
                        .flatMap(number -> UnverifiedPhone.usable(context, number));
                firstUse = destination.isPresent();
            }
        }
        if (destination.isEmpty()) {
            handleMissingContact(context, config);
            return Optional.empty();
        }
        if (firstUse) {
            context.getAuthenticationSession().setAuthNote(UnverifiedPhone.NOTE, destination.get());
        }
        OneTimeCodes codes = new OneTimeCodes(config.policy(), purpose(), clock, random);
        CodeChannel.Delivery delivery = new CodeChannel.Delivery(context.getSession(), context.getRealm(),
                context.getUser(), context.getAuthenticationSession());
        return Optional.of(new CodeConversation(channel, codes,
                new ChallengeStore(context.getAuthenticationSession(), purpose()),
                events(context, channel.mask(destination.get())),
                delivery, destination.get(), context::form));
    }

    /**
     * Keycloak's detector only counts failures of the password, OTP and recovery-code categories, and takes the
     * category from the failing authenticator. A wrong one-time code is an OTP failure, so it is reported as one.
     */
    private static void countTowardBruteForce(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            BruteForceReport.wrongCode(context.getSession().getProvider(BruteForceProtector.class), realm,
                    context.getUser(), context.getConnection(), context.getUriInfo());
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

    /** False so the step can run in a password reset for an unknown account; sign-in still needs a user. */
    @Override
    public boolean requiresUser() {
        return false;
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
