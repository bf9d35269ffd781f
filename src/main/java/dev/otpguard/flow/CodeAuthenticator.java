package dev.otpguard.flow;

import dev.otpguard.code.Challenge;
import dev.otpguard.code.CodeInput;
import dev.otpguard.code.OneTimeCodes;
import dev.otpguard.code.OneTimeCodes.Verification;
import dev.otpguard.code.SendDecision;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * A login step that sends a one-time code through a {@link CodeChannel} and asks for it back.
 * Modelled on Keycloak's OTPFormAuthenticator: wrong codes are reported with {@code failureChallenge}, so
 * they feed the brute-force detector and never let an ALTERNATIVE execution move the flow past this factor.
 */
public abstract class CodeAuthenticator implements Authenticator {

    public static final String TEMPLATE = "otp-guard-code.ftl";
    public static final String FIELD_CODE = "code";
    public static final String FIELD_RESEND = "resend";

    private static final Logger LOG = Logger.getLogger(CodeAuthenticator.class);

    private final CodeChannel channel;
    private final SecureRandom random;
    private final Clock clock;

    protected CodeAuthenticator(CodeChannel channel, SecureRandom random, Clock clock) {
        this.channel = channel;
        this.random = random;
        this.clock = clock;
    }

    /** What the code is for; part of the code's hash and of the note names. */
    protected String purpose() {
        return "login-" + channel.id();
    }

    /** Handles a user without a destination, as configured. */
    protected abstract void handleMissingContact(AuthenticationFlowContext context, CodeStepConfig config);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<Step> step = open(context);
        if (step.isEmpty()) {
            return;
        }
        Step s = step.get();
        Challenge current = s.store.load();
        if (current.sends() > 0) {
            // a reload or a return to this page: show it again, never send again (checklist C1)
            context.challenge(s.page(current).createForm(TEMPLATE));
            return;
        }
        sendAndShow(context, s, current, false);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<Step> step = open(context);
        if (step.isEmpty()) {
            return;
        }
        Step s = step.get();
        Challenge current = s.store.load();
        if (isLockedByBruteForce(context)) {
            s.events.userLocked();
            context.challenge(s.page(current).setError("otpGuardTemporarilyLocked").createForm(TEMPLATE));
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(FIELD_RESEND)) {
            resend(context, s, current);
            return;
        }
        verify(context, s, current, CodeInput.parse(form.getFirst(FIELD_CODE)));
    }

    private void resend(AuthenticationFlowContext context, Step s, Challenge current) {
        SendDecision decision = s.codes.maySend(current);
        switch (decision.status()) {
            case COOLDOWN -> {
                s.events.throttled("cooldown", decision.retryAfterSeconds());
                context.challenge(s.page(current)
                        .setError("otpGuardResendWait", decision.retryAfterSeconds()).createForm(TEMPLATE));
            }
            case LIMIT_REACHED -> {
                s.events.throttled("send_limit", 0);
                context.challenge(s.page(current).setError("otpGuardSendLimitReached").createForm(TEMPLATE));
            }
            case ALLOWED -> sendAndShow(context, s, current, true);
        }
    }

    private void sendAndShow(AuthenticationFlowContext context, Step s, Challenge current, boolean resend) {
        OneTimeCodes.Issued issued = s.codes.issue(current);
        try {
            channel.deliver(context, s.destination, issued.code(), s.codes.policy());
        } catch (CodeChannel.DeliveryFailedException e) {
            s.store.save(issued.undelivered());
            s.events.sendFailed(resend);
            LOG.warnf("OTP Guard could not deliver the %s code (realm %s, user id %s): %s", channel.id(),
                    context.getRealm().getName(), context.getUser().getId(), e.getMessage());
            context.challenge(s.page(issued.undelivered()).setAttribute("otpGuardDeliveryFailed", true)
                    .setError("otpGuardDeliveryFailed").createForm(TEMPLATE));
            return;
        }
        s.store.save(issued.delivered());
        s.events.sent(resend);
        LoginFormsProvider page = s.page(issued.delivered());
        if (resend) {
            page.setInfo("otpGuardCodeResent", s.masked);
        }
        context.challenge(page.createForm(TEMPLATE));
    }

    private void verify(AuthenticationFlowContext context, Step s, Challenge current, CodeInput input) {
        Verification result = s.codes.verify(current, input);
        Challenge next = result.next();
        if (next != current) {
            s.store.save(next);
        }
        switch (result.outcome()) {
            case ACCEPTED -> {
                s.store.clear();
                s.events.verified();
                context.success();
            }
            case WRONG -> {
                s.events.wrongCode(next.attemptsLeft());
                countTowardBruteForce(context);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        fieldError(s, next, "otpGuardWrongCode", next.attemptsLeft()));
            }
            case LOCKED -> {
                s.events.codeLocked();
                countTowardBruteForce(context);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        fieldError(s, next, "otpGuardCodeAttemptsExhausted"));
            }
            case DEAD -> context.challenge(fieldError(s, next, "otpGuardCodeAttemptsExhausted"));
            case EXPIRED -> {
                s.events.expired();
                context.challenge(fieldError(s, next, "otpGuardCodeExpired"));
            }
            case NO_CODE -> context.challenge(fieldError(s, next, "otpGuardNoCode"));
            case WRONG_LENGTH -> context.challenge(fieldError(s, next, "otpGuardCodeLength", s.codes.policy().length()));
            case MALFORMED -> context.challenge(fieldError(s, next, malformedMessage(input.problem()),
                    s.codes.policy().length()));
        }
    }

    private static String malformedMessage(CodeInput.Problem problem) {
        return switch (problem) {
            case EMPTY -> "otpGuardCodeMissing";
            case NON_ASCII_DIGITS -> "otpGuardCodeAsciiDigits";
            case TOO_LONG, NOT_DIGITS -> "otpGuardCodeInvalid";
        };
    }

    private Response fieldError(Step s, Challenge state, String message, Object... params) {
        return s.page(state).addError(new FormMessage(FIELD_CODE, message, params)).createForm(TEMPLATE);
    }

    /**
     * Reads the configuration and the user's destination. Empty when the step already answered the request
     * (misconfiguration, or a user without a destination).
     */
    private Optional<Step> open(AuthenticationFlowContext context) {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from(context.getAuthenticatorConfig());
        if (!parsed.isValid()) {
            LOG.errorf("OTP Guard %s step in realm %s is misconfigured (config %s): %s", channel.id(),
                    context.getRealm().getName(),
                    context.getAuthenticatorConfig() == null ? "-" : context.getAuthenticatorConfig().getAlias(),
                    String.join("; ", parsed.problems()));
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError("otpGuardMisconfigured").createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return Optional.empty();
        }
        CodeStepConfig config = parsed.config();
        Optional<String> destination = channel.destination(context.getUser());
        if (destination.isEmpty()) {
            handleMissingContact(context, config);
            return Optional.empty();
        }
        String masked = channel.mask(destination.get());
        OneTimeCodes codes = new OneTimeCodes(config.policy(), purpose(), clock, random);
        return Optional.of(new Step(codes, new ChallengeStore(context.getAuthenticationSession(), purpose()),
                new CodeEvents(context.getEvent(), context.getUser(), channel.id(), masked), destination.get(), masked, context));
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

    /** Everything one request of the step works with. */
    private final class Step {
        final OneTimeCodes codes;
        final ChallengeStore store;
        final CodeEvents events;
        final String destination;
        final String masked;
        final AuthenticationFlowContext context;

        Step(OneTimeCodes codes, ChallengeStore store, CodeEvents events, String destination, String masked,
             AuthenticationFlowContext context) {
            this.codes = codes;
            this.store = store;
            this.events = events;
            this.destination = destination;
            this.masked = masked;
            this.context = context;
        }

        LoginFormsProvider page(Challenge state) {
            SendDecision next = codes.maySend(state);
            return context.form().setAttribute("otpGuard", new CodePageBean(channel.id(), masked,
                    codes.policy(), state, next));
        }
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
