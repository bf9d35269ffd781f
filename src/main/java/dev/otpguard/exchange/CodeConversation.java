package dev.otpguard.exchange;

import dev.otpguard.core.reset.Recipient;
import dev.otpguard.core.code.AttemptSlots;
import dev.otpguard.core.code.Challenge;
import dev.otpguard.core.code.CodeAnswer;
import dev.otpguard.core.code.CodeInput;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.core.code.OneTimeCodes.Verification;
import dev.otpguard.core.code.SendDecision;
import jakarta.ws.rs.core.Response;
import dev.otpguard.kernel.RealmQuotas;
import dev.otpguard.core.limits.SendQuotas;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * The exchange every code page has with its user, for login steps and required actions alike: send a code,
 * resend it under the cooldown and send limit, check what was typed, and render the code page with the right
 * message. The caller decides what success or failure means for its flow.
 */
public final class CodeConversation {

    public static final String TEMPLATE = "otp-guard-code.ftl";
    public static final String FIELD_CODE = "code";
    public static final String FIELD_RESEND = "resend";

    private static final Logger LOG = Logger.getLogger(CodeConversation.class);

    /** How a code check ended for the caller. */
    public enum Result {
        /** right code: the caller completes its step */
        ACCEPTED,
        /** a wrong guess: the caller reports a failed attempt (brute force) and shows {@link #page()} */
        WRONG_GUESS,
        /** nothing was guessed (bad input, expired, dead code, service down): the caller shows the page again */
        SHOW_AGAIN
    }

    private final CodeChannel channel;
    private final OneTimeCodes codes;
    private final ChallengeStore store;
    private final CodeEvents events;
    private final CodeChannel.Delivery delivery;
    private final String destination;
    private final String masked;
    private final Supplier<LoginFormsProvider> forms;
    private final Recipient recipient;
    /** Set for password reset: the page names what was typed, never the destination; sends go out in the background. */
    private final String resetFor;
    /** The channel the page names: the channel's id, or {@code any} on reset pages that must not name one. */
    private final String pageChannel;
    private SendQuotas quotas;
    private Response page;

    public CodeConversation(CodeChannel channel, OneTimeCodes codes, ChallengeStore store, CodeEvents events,
                            CodeChannel.Delivery delivery, String destination, Supplier<LoginFormsProvider> forms) {
        this(channel, codes, store, events, delivery, destination, forms,
                new Recipient(delivery.user().getId(), destination, true), null, channel.id());
    }

    private CodeConversation(CodeChannel channel, OneTimeCodes codes, ChallengeStore store, CodeEvents events,
                             CodeChannel.Delivery delivery, String destination, Supplier<LoginFormsProvider> forms,
                             Recipient recipient, String resetFor, String pageChannel) {
        this.channel = channel;
        this.codes = codes;
        this.store = store;
        this.events = events;
        this.delivery = delivery;
        this.destination = destination;
        this.masked = destination == null ? null : channel.mask(destination);
        this.forms = forms;
        this.recipient = recipient;
        this.resetFor = resetFor;
        this.pageChannel = pageChannel;
    }

    /**
     * The exchange of a password reset: the same page for every {@code attemptedUsername}, whether the account
     * exists or not. For a real recipient the code goes out after the request (so slow or failing channels do not
     * show either); for a phantom ({@code destination} null, {@code delivery.user()} possibly null) nothing goes
     * out and no code passes.
     *
     * @param pageChannel the channel the page names, or {@code any} when it must not say which
     */
    public static CodeConversation forReset(CodeChannel channel, OneTimeCodes codes, ChallengeStore store,
                                            CodeEvents events, CodeChannel.Delivery delivery, String destination,
                                            Supplier<LoginFormsProvider> forms, Recipient recipient,
                                            String attemptedUsername, String pageChannel) {
        return new CodeConversation(channel, codes, store, events, delivery, recipient.real() ? destination : null,
                forms, recipient, attemptedUsername == null ? "" : attemptedUsername, pageChannel);
    }

    private boolean isReset() {
        return resetFor != null;
    }

    /** The page to show after the last call. */
    public Response page() {
        return page;
    }

    /** Whether a code was already sent (or tried) in this login: then a page view must not send again. */
    public boolean started() {
        return store.load().sends() > 0;
    }

    /** Shows the code page as it stands; sends nothing. */
    public Response show() {
        return form(store.load()).createForm(TEMPLATE);
    }

    /** Shows the page with an error, without touching the code. */
    public Response showError(String messageKey, Object... params) {
        return form(store.load()).setError(messageKey, params).createForm(TEMPLATE);
    }

    /** Sends the first code of this login, unless the user's code checks are paused. */
    public Response sendFirst() {
        Challenge current = store.load();
        if (checksPaused()) {
            return pausedPage(current, false);
        }
        return send(current, false);
    }

    /**
     * Sends a new code if the user's code checks are not paused and the cooldown and the send limit allow it;
     * otherwise says why not.
     */
    public Response resend() {
        Challenge current = store.load();
        if (checksPaused()) {
            // before the cooldown: "wait N seconds" would promise a code that could not pass once it came
            return pausedPage(current, true);
        }
        SendDecision decision = codes.maySend(current);
        return switch (decision.status()) {
            case COOLDOWN -> {
                events.throttled("cooldown", decision.retryAfterSeconds());
                yield form(current).setError("otpGuardResendWait", decision.retryAfterSeconds()).createForm(TEMPLATE);
            }
            case LIMIT_REACHED -> {
                events.throttled("send_limit", 0);
                yield form(current).setError("otpGuardSendLimitReached").createForm(TEMPLATE);
            }
            case ALLOWED -> send(current, true);
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

    private Response pausedPage(Challenge current, boolean resend) {
        events.codeChecksPaused(resend);
        return form(current, true).setError("otpGuardCodeChecksPaused").createForm(TEMPLATE);
    }

    private Response send(Challenge current, boolean resend) {
        if (!store.claimNextSend(delivery.session(), current,
                recipient.accountKey() + "\n" + recipient.destinationKey())) {
            // another post of this login is sending this very code: it answers with the news, this one says wait
            events.throttled("cooldown", ChallengeStore.SEND_CLAIM_SECONDS);
            return form(current).setError("otpGuardResendWait", ChallengeStore.SEND_CLAIM_SECONDS)
                    .createForm(TEMPLATE);
        }
        Optional<SendQuotas.Refusal> refused = quotas().tryCount(new SendQuotas.Send(delivery.realm().getId(),
                recipient.accountKey(), recipient.destinationKey(), clientIp(), channel.metered()));
        if (refused.isPresent()) {
            SendQuotas.Refusal refusal = refused.get();
            events.throttled("quota_" + refusal.scope().id(), refusal.retryAfterSeconds());
            if (refusal.scope() == SendQuotas.Scope.SMS_BUDGET) {
                RealmQuotas.reportSmsBudgetSpent(delivery.session(), delivery.realm(), refusal.retryAfterSeconds());
                return form(current).setError("otpGuardSmsUnavailable").createForm(TEMPLATE);
            }
            return form(current).setError("otpGuardTooManyCodes", minutesUp(refusal.retryAfterSeconds()))
                    .createForm(TEMPLATE);
        }
        OneTimeCodes.Issued issued = codes.issue(current);
        if (isReset()) {
            return sendForReset(issued, resend);
        }
        long started = System.nanoTime();
        try {
            channel.deliver(delivery, destination, issued.code(), codes.policy());
            LOG.debugf("OTP Guard handed a %s code to its channel in %d ms", channel.id(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (CodeChannel.DeliveryFailedException e) {
            store.save(issued.undelivered());
            events.sendFailed(resend);
            LOG.warnf("OTP Guard could not deliver the %s code (realm %s, user id %s): %s", channel.id(),
                    delivery.realm().getName(), delivery.user().getId(), e.getMessage());
            return form(issued.undelivered()).setError(e.userMessageKey()).createForm(TEMPLATE);
        }
        store.save(issued.delivered());
        store.sentTo(destination);
        events.sent(resend);
        LoginFormsProvider form = form(issued.delivered());
        if (resend) {
            form.setInfo("otpGuardCodeResent", masked);
        }
        return form.createForm(TEMPLATE);
    }

    /** Never a delivery failure on the page: it would tell that the account exists (and what its contact does). */
    private Response sendForReset(OneTimeCodes.Issued issued, boolean resend) {
        if (recipient.real()) {
            BackgroundDelivery.afterCommit(delivery.session(), delivery.realm(), delivery.user(), channel, destination,
                    issued.code(), codes.policy());
            events.sent(resend);
        } else {
            events.noRecipient(resend);
        }
        store.save(issued.delivered());
        LoginFormsProvider form = form(issued.delivered());
        if (resend) {
            form.setInfo("otpGuardResetCodeResent");
        }
        return form.createForm(TEMPLATE);
    }

    /** Checks what the user typed; {@link #page()} then holds the page to show unless the result is ACCEPTED. */
    public Result verify(String typed) {
        // a live code that went to another destination is no code for this one: no guess, nothing to count
        Challenge current = forThisDestination(store.load());
        Optional<SendQuotas.Refusal> stopped = quotas().guessingStopped(delivery.realm().getId(),
                recipient.accountKey());
        if (stopped.isPresent()) {
            events.userLocked();
            page = fieldError(current, "otpGuardTemporarilyLocked");
            return Result.SHOW_AGAIN;
        }
        CodeInput input = CodeInput.parse(typed);
        // parallel posts of one login each read the same stored tries; the shared slots count each of them
        AttemptSlots slots = new SharedAttemptSlots(delivery.session(), delivery.realm());
        Verification result;
        if (!recipient.real()) {
            result = codes.verifyDecoy(current, input, slots, channel.checksCodesItself());
        } else if (channel.checksCodesItself()) {
            try {
                result = codes.verifyRemotely(current, input, slots,
                        digits -> channel.checkCode(delivery, destination, digits));
            } catch (OneTimeCodes.RemoteCheck.UnavailableException e) {
                LOG.warnf("OTP Guard could not check the %s code (realm %s, user id %s): %s", channel.id(),
                        delivery.realm().getName(), delivery.user().getId(), e.getMessage());
                page = fieldError(current, "otpGuardCheckFailed");
                return Result.SHOW_AGAIN;
            }
        } else {
            result = codes.verify(current, input, slots);
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
        switch (answer.report()) {
            case VERIFIED -> events.verified();
            case WRONG_CODE -> events.wrongCode(next.attemptsLeft());
            case CODE_LOCKED -> events.codeLocked();
            case EXPIRED -> events.expired();
            case NONE -> {
            }
        }
        page = answer.messageKey() == null ? null : switch (answer.argument()) {
            case NONE -> fieldError(next, answer.messageKey());
            case ATTEMPTS_LEFT -> fieldError(next, answer.messageKey(), next.attemptsLeft());
            case CODE_LENGTH -> fieldError(next, answer.messageKey(), codes.policy().length());
        };
        return switch (answer.flow()) {
            case ACCEPTED -> Result.ACCEPTED;
            case WRONG_GUESS -> Result.WRONG_GUESS;
            case SHOW_AGAIN -> Result.SHOW_AGAIN;
        };
    }

    /** Wrong codes count across logins and required actions, which Keycloak's brute-force detector does not see. */
    private void countWrongCode() {
        if (quotas().countWrongCode(delivery.realm().getId(), recipient.accountKey()) && recipient.real()) {
            LOG.infof("OTP Guard stops code checks for user id %s in realm %s for the rest of the hour: too many "
                    + "wrong codes", delivery.user().getId(), delivery.realm().getName());
        }
    }

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

    private Response fieldError(Challenge state, String message, Object... params) {
        return form(state).addError(new FormMessage(FIELD_CODE, message, params)).createForm(TEMPLATE);
    }

    /**
     * The destination the last code really went to, when it is not this page's destination (the user switched to
     * another address or number, and the cooldown or a limit kept a code from going there). Never on reset pages,
     * which name no destination.
     */
    private Optional<String> sentElsewhere() {
        if (isReset() || destination == null) {
            return Optional.empty();
        }
        return store.sentTo().filter(to -> !to.equals(destination));
    }

    /** The state as it stands for this destination: without the code when that code went elsewhere. */
    private Challenge forThisDestination(Challenge state) {
        return sentElsewhere().isPresent() ? state.withoutCode() : state;
    }

    private LoginFormsProvider form(Challenge state) {
        return form(state, false);
    }

    private LoginFormsProvider form(Challenge state, boolean checksPaused) {
        Challenge here = forThisDestination(state);
        Optional<String> elsewhere = sentElsewhere();
        String shown = masked;
        String lastSentTo = null;
        if (elsewhere.isPresent()) {
            MaskedDestination.Pair apart = channel.maskApart(destination, elsewhere.get());
            shown = apart.first();
            lastSentTo = apart.second();
        }
        return forms.get().setAttribute("otpGuard", new CodePageBean(pageChannel, shown, lastSentTo, codes.policy(),
                here, codes.maySend(here), resetFor, checksPaused));
    }
}
