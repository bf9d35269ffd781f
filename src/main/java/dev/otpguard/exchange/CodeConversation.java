package dev.otpguard.exchange;

import dev.otpguard.core.code.AttemptSlots;
import dev.otpguard.core.code.Challenge;
import dev.otpguard.core.code.CodeAnswer;
import dev.otpguard.core.code.CodeInput;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.core.code.OneTimeCodes.Verification;
import dev.otpguard.core.code.SendDecision;
import dev.otpguard.core.delivery.DeliveryStatus;
import dev.otpguard.core.limits.SendQuotas;
import dev.otpguard.core.reset.Recipient;
import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.kernel.RealmQuotas;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * The exchange every code page has with its user, for login steps and required actions alike: send a code,
 * resend it under the cooldown and send limit, check what was typed, and render the code page with the right
 * message. The caller decides what success or failure means for its flow.
 */
public final class CodeConversation {

    public static final String TEMPLATE = "otp-guard-code.ftl";
    public static final String FIELD_CODE = "code";
    private static final String FIELD_RESEND = "resend";
    /** The "check again" button: shows the page with the delivery's latest status, without JavaScript. */
    private static final String FIELD_CHECK = "check";
    /** With {@link #FIELD_RESEND}: one of the channel's alternatives ("Call me instead"). */
    private static final String FIELD_VIA = "via";

    private static final Logger LOG = Logger.getLogger(CodeConversation.class);

    /** What the exchange is for, which decides what its page names and how its codes go out. */
    public sealed interface Mode {
        /**
         * Sign-in, phone setup and contact changes: the page names the channel and the masked destination, and
         * follows the send (which leaves after the request): "sending", "sent", "delivered", or why it did not
         * arrive. A send that did not leave drops its code and its cooldown, and the page says so (checklist D3).
         */
        record Direct() implements Mode {
        }

        /**
         * A password reset: the page names what the user typed, never the destination, and reads the same whether
         * the account exists or not. Codes go out after the request and nobody follows them (slow or failing
         * channels show nothing); a phantom recipient gets none.
         *
         * @param attemptedUsername what the user typed to name the account
         * @param pageChannel the channel the page names, or {@code any} when it must not say which
         */
        record Reset(String attemptedUsername, String pageChannel) implements Mode {
            public Reset {
                attemptedUsername = attemptedUsername == null ? "" : attemptedUsername;
            }
        }
    }

    /** How a code check ended for the caller. */
    public enum Result {
        /** right code: the caller completes its step */
        ACCEPTED,
        /** a wrong guess: the caller reports a failed attempt (brute force) and shows the page */
        WRONG_GUESS,
        /** nothing was guessed (bad input, expired, dead code, service down): the caller shows the page again */
        SHOW_AGAIN
    }

    /** A code check's result and, unless the code was accepted, the page to show. */
    public record Checked(Result result, Response page) {
        public boolean accepted() {
            return result == Result.ACCEPTED;
        }
    }

    private final CodeChannel channel;
    private final OneTimeCodes codes;
    private final ChallengeStore store;
    private final CodeEvents events;
    private final CodeChannel.Delivery delivery;
    private final String destination;
    private final Recipient recipient;
    private final Mode mode;
    private final CodePage page;
    private SendQuotas quotas;
    /** Why the last code did not leave, learned by this request ({@link #load}); null when there is no such news. */
    private String notSentKey;

    /** The exchange of a sign-in step or a required action, with the user's own destination. */
    public CodeConversation(CodeChannel channel, OneTimeCodes codes, ChallengeStore store, CodeEvents events,
                            CodeChannel.Delivery delivery, String destination, Supplier<LoginFormsProvider> forms) {
        this(channel, codes, store, events, delivery, destination, forms,
                new Recipient(delivery.user().getId(), destination, true), new Mode.Direct());
    }

    private CodeConversation(CodeChannel channel, OneTimeCodes codes, ChallengeStore store, CodeEvents events,
                             CodeChannel.Delivery delivery, String destination, Supplier<LoginFormsProvider> forms,
                             Recipient recipient, Mode mode) {
        this.channel = channel;
        this.codes = codes;
        this.store = store;
        this.events = events;
        this.delivery = delivery;
        this.destination = destination;
        this.recipient = recipient;
        this.mode = mode;
        this.page = new CodePage(channel, mode, destination, codes, store, forms, delivery.session());
    }

    /**
     * The exchange of a password reset: the same page for every attempted username, whether the account exists
     * or not. For a phantom ({@code destination} null, {@code delivery.user()} possibly null) nothing goes out
     * and no code passes.
     */
    public static CodeConversation forReset(CodeChannel channel, OneTimeCodes codes, ChallengeStore store,
                                            CodeEvents events, CodeChannel.Delivery delivery, String destination,
                                            Supplier<LoginFormsProvider> forms, Recipient recipient, Mode.Reset mode) {
        return new CodeConversation(channel, codes, store, events, delivery, recipient.real() ? destination : null,
                forms, recipient, mode);
    }

    /** Whether a code was already sent (or tried) in this login: then a page view must not send again. */
    public boolean started() {
        return store.load().sends() > 0;
    }

    /** Shows the code page as it stands, and why the last code did not leave if that is news; sends nothing. */
    public Response show() {
        Challenge current = load();
        return notSentKey == null ? page.show(current) : page.error(current, notSentKey);
    }

    /** Shows the page with an error, without touching the code. */
    public Response showError(String messageKey, Object... params) {
        return page.error(load(), messageKey, params);
    }

    /**
     * The login's state, once what the worker learned is in it: a code whose send did not leave is no code (the page
     * must not ask for it, and a new one may go at once). The message key of why is kept for this request's page.
     */
    private Challenge load() {
        Challenge stored = store.load();
        if (!(mode instanceof Mode.Direct) || !stored.hasCode()) {
            return stored;
        }
        Optional<DeliveryTracker.Report> report = store.ticket()
                .flatMap(ticket -> new DeliveryTracker(delivery.session(), delivery.realm().getId()).read(ticket));
        if (report.isEmpty() || report.get().status() != DeliveryStatus.NOT_SENT) {
            return stored;
        }
        notSentKey = report.get().messageKey() == null
                ? CodeChannel.DeliveryFailedException.DEFAULT_MESSAGE_KEY : report.get().messageKey();
        return store.notSent(stored);
    }

    /**
     * Answers a post of the code page that asks for a page rather than checking a code: "send a new code" (by the
     * alternative in {@link #FIELD_VIA} when one is named) or "check again". Empty for a post that carries a code:
     * the caller checks it with {@link #verify}, after whatever its flow checks first. A resend guesses nothing, so
     * callers answer it before any lockout check.
     */
    public Optional<Response> pageAsked(MultivaluedMap<String, String> form) {
        if (form.containsKey(FIELD_RESEND)) {
            return Optional.of(resend(form.getFirst(FIELD_VIA)));
        }
        if (form.containsKey(FIELD_CHECK)) {
            return Optional.of(show());
        }
        return Optional.empty();
    }

    /** Sends the first code of this login, unless the user's code checks are paused. */
    public Response sendFirst() {
        Challenge current = load();
        if (checksPaused()) {
            return pausedPage(current, false, events);
        }
        return send(current, false, channel, events);
    }

    /**
     * Sends a new code if the user's code checks are not paused and the cooldown and the send limit allow it;
     * otherwise says why not.
     */
    public Response resend() {
        return resend(channel, events);
    }

    /**
     * A resend by one of the channel's {@link CodeChannel#alternatives() alternatives} ("Call me instead"), under the
     * same cooldown, send limit and hourly limits as any resend. An alternative the page does not offer sends nothing.
     */
    private Response resend(String alternative) {
        if (alternative == null || alternative.isBlank()) {
            return resend();
        }
        if (!(mode instanceof Mode.Direct) || !channel.alternatives().contains(alternative)) {
            // a forged or stale button: nothing is sent, nothing counts
            return page.error(load(), "otpGuardAlternativeUnavailable");
        }
        return resend(channel.via(alternative), events.via(alternative));
    }

    private Response resend(CodeChannel using, CodeEvents reporting) {
        Challenge current = load();
        if (checksPaused()) {
            // before the cooldown: "wait N seconds" would promise a code that could not pass once it came
            return pausedPage(current, true, reporting);
        }
        SendDecision decision = codes.maySend(current);
        return switch (decision.status()) {
            case COOLDOWN -> {
                reporting.throttled("cooldown", decision.retryAfterSeconds());
                yield page.error(current, "otpGuardResendWait", decision.retryAfterSeconds());
            }
            case LIMIT_REACHED -> {
                reporting.throttled("send_limit", 0);
                yield page.error(current, "otpGuardSendLimitReached");
            }
            case ALLOWED -> send(current, true, using, reporting);
        };
    }

    /**
     * Whether too many wrong codes stopped this user's code checks for now (the hourly wrong-code limit). A code
     * sent then could never pass, so none is sent. In a password reset the subject is what the recipient counts
     * under, for real accounts and phantoms alike, so both meet the pause at the same point.
     */
    private boolean checksPaused() {
        return quotas().guessingStopped(delivery.realm().getId(), recipient.accountKey()).isPresent();
    }

    private Response pausedPage(Challenge current, boolean resend, CodeEvents reporting) {
        reporting.codeChecksPaused(resend);
        return page.paused(current);
    }

    private Response send(Challenge current, boolean resend, CodeChannel using, CodeEvents reporting) {
        if (!store.claimNextSend(delivery.session(), current,
                recipient.accountKey() + "\n" + recipient.destinationKey())) {
            // another post of this login is sending this very code: it answers with the news, this one says wait
            reporting.throttled("cooldown", ChallengeStore.SEND_CLAIM_SECONDS, resend);
            return page.error(current, "otpGuardResendWait", ChallengeStore.SEND_CLAIM_SECONDS);
        }
        Optional<SendQuotas.Refusal> refused = quotas().tryCount(new SendQuotas.Send(delivery.realm().getId(),
                recipient.accountKey(), recipient.destinationKey(), clientIp(), using.metered()));
        if (using.metered()) {
            CodeMetrics.global().watchSmsBudget(delivery.session().getKeycloakSessionFactory(), delivery.realm());
        }
        if (refused.isPresent()) {
            SendQuotas.Refusal refusal = refused.get();
            reporting.throttled("quota_" + refusal.scope().id(), refusal.retryAfterSeconds(), resend);
            if (refusal.scope() == SendQuotas.Scope.SMS_BUDGET) {
                RealmQuotas.reportSmsBudgetSpent(delivery.session(), delivery.realm(), refusal.retryAfterSeconds());
                return page.error(current, "otpGuardSmsUnavailable");
            }
            return page.error(current, "otpGuardTooManyCodes", minutesUp(refusal.retryAfterSeconds()));
        }
        OneTimeCodes.Issued issued = codes.issue(current);
        return mode instanceof Mode.Reset ? sendInBackground(issued, resend) : sendFollowed(issued, resend, using,
                reporting);
    }

    /**
     * Schedules the send for after the request and answers at once: the page shows "sending" and learns the rest
     * from the ticket. The code is held as sent meanwhile, so it can be typed the moment it arrives.
     */
    private Response sendFollowed(OneTimeCodes.Issued issued, boolean resend, CodeChannel using,
                                  CodeEvents reporting) {
        String ticket = DeliveryTracker.newTicket();
        new DeliveryTracker(delivery.session(), delivery.realm().getId()).started(ticket, using.id(),
                codes.policy().lifetime());
        // a new code follows a new delivery: the page must not show the last one's status for it
        store.sending(ticket, issued, destination);
        BackgroundDelivery.afterCommit(delivery.session(), delivery.realm(), delivery.user(),
                using.forLater(delivery), destination, issued.code(), codes.policy(), ticket,
                reporting.draftSend(resend), reporting.meters());
        LOG.debugf("OTP Guard scheduled a %s code (realm %s)", using.id(), delivery.realm().getName());
        return resend ? page.info(issued.delivered(), "otpGuardCodeResent", page.maskedDestination())
                : page.show(issued.delivered());
    }

    /** Never a delivery failure on the page: it would tell that the account exists (and what its contact does). */
    private Response sendInBackground(OneTimeCodes.Issued issued, boolean resend) {
        if (recipient.real()) {
            BackgroundDelivery.afterCommit(delivery.session(), delivery.realm(), delivery.user(), channel, destination,
                    issued.code(), codes.policy(), events.meters());
            events.sent(resend);
        } else {
            events.noRecipient(resend);
        }
        store.save(issued.delivered());
        return resend ? page.info(issued.delivered(), "otpGuardResetCodeResent") : page.show(issued.delivered());
    }

    /** Checks what the user typed, and answers with the page to show unless the code was accepted. */
    public Checked verify(String typed) {
        // a live code that went to another destination is no code for this one: no guess, nothing to count
        Challenge current = page.forThisDestination(load());
        if (quotas().guessingStopped(delivery.realm().getId(), recipient.accountKey()).isPresent()) {
            events.userLocked();
            return new Checked(Result.SHOW_AGAIN, page.fieldError(current, "otpGuardTemporarilyLocked"));
        }
        CodeInput input = CodeInput.parse(typed);
        Verification result;
        try {
            result = check(current, input);
        } catch (OneTimeCodes.RemoteCheck.UnavailableException e) {
            LOG.warnf("OTP Guard could not check the %s code (realm %s, user id %s): %s", channel.id(),
                    delivery.realm().getName(), delivery.user().getId(), e.getMessage());
            return new Checked(Result.SHOW_AGAIN, page.fieldError(current, "otpGuardCheckFailed"));
        }
        Challenge next = result.next();
        if (!next.equals(current)) {
            store.save(next);
        }
        CodeAnswer answer = CodeAnswer.to(result.outcome(), input.problem());
        if (answer.flow() == CodeAnswer.Flow.ACCEPTED) {
            store.clear();
        }
        if (answer.countsAsWrong()) {
            countWrongCode();
        }
        report(answer.report(), next);
        Response shown = answer.messageKey() == null ? null : switch (answer.argument()) {
            case NONE -> page.fieldError(next, answer.messageKey());
            case ATTEMPTS_LEFT -> page.fieldError(next, answer.messageKey(), next.attemptsLeft());
            case CODE_LENGTH -> page.fieldError(next, answer.messageKey(), codes.policy().length());
        };
        return new Checked(switch (answer.flow()) {
            case ACCEPTED -> Result.ACCEPTED;
            case WRONG_GUESS -> Result.WRONG_GUESS;
            case SHOW_AGAIN -> Result.SHOW_AGAIN;
        }, shown);
    }

    /** Who compares the code: nobody for a phantom, the channel's own service, or the hash kept here. */
    private Verification check(Challenge current, CodeInput input)
            throws OneTimeCodes.RemoteCheck.UnavailableException {
        // parallel posts of one login each read the same stored tries; the shared slots count each of them
        AttemptSlots slots = new SharedAttemptSlots(delivery.session(), delivery.realm());
        if (!recipient.real()) {
            return codes.verifyDecoy(current, input, slots, channel.checksCodesItself());
        }
        if (channel.checksCodesItself()) {
            return codes.verifyRemotely(current, input, slots,
                    digits -> channel.checkCode(delivery, destination, digits));
        }
        return codes.verify(current, input, slots);
    }

    private void report(CodeAnswer.Report report, Challenge next) {
        switch (report) {
            case VERIFIED -> events.verified();
            case WRONG_CODE -> events.wrongCode(next.attemptsLeft());
            case CODE_LOCKED -> events.codeLocked();
            case EXPIRED -> events.expired();
            case NONE -> {
            }
        }
    }

    /** Wrong codes count across logins and required actions, which Keycloak's brute-force detector does not see. */
    private void countWrongCode() {
        if (quotas().countWrongCode(delivery.realm().getId(), recipient.accountKey()) && recipient.real()) {
            LOG.infof("OTP Guard stops code checks for user id %s in realm %s for the rest of the hour: too many "
                    + "wrong codes", delivery.user().getId(), delivery.realm().getName());
        }
    }

    /** Read on first use: page views that neither send nor check never read the realm's limits. */
    private SendQuotas quotas() {
        if (quotas == null) {
            quotas = RealmQuotas.of(delivery.session(), delivery.realm());
        }
        return quotas;
    }

    /** The client's address as Keycloak's proxy settings give it, never a raw forwarding header. */
    private String clientIp() {
        var connection = delivery.session().getContext().getConnection();
        return connection == null ? null : connection.getRemoteAddr();
    }

    private static long minutesUp(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }
}
