package dev.otpguard.exchange;

import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.NoticeText;

import dev.otpguard.core.code.Challenge;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.code.SendDecision;

/** What the code page template shows: read-only, and free of anything secret. */
public final class CodePageBean {

    private final String channel;
    private final String maskedDestination;
    private final CodePolicy policy;
    private final Challenge state;
    private final SendDecision nextSend;
    private final CodeConversation.Mode mode;
    private final String lastSentTo;
    private final boolean checksPaused;

    CodePageBean(String channel, String maskedDestination, String lastSentTo, CodePolicy policy, Challenge state,
                 SendDecision nextSend, CodeConversation.Mode mode, boolean checksPaused) {
        this.mode = mode;
        this.channel = channel;
        this.maskedDestination = maskedDestination;
        this.lastSentTo = lastSentTo;
        this.checksPaused = checksPaused;
        this.policy = policy;
        this.state = state;
        this.nextSend = nextSend;
    }

    public String getChannel() {
        return channel;
    }

    /** Null on a password-reset page, which never shows where the code went. */
    public LiteralText getMaskedDestination() {
        return NoticeText.literal(maskedDestination);
    }

    /**
     * True when the last code went to another destination than this page's (the user switched address or
     * number and no code could go to the new one yet): the page must not say a code was sent here.
     */
    public boolean isSentElsewhere() {
        return lastSentTo != null;
    }

    /** Where the last code went, masked apart from {@link #getMaskedDestination()}; null unless sent elsewhere. */
    public String getLastSentTo() {
        return lastSentTo;
    }

    /** True when too many wrong codes paused this user's code checks: nothing was sent, nothing can be typed. */
    public boolean isChecksPaused() {
        return checksPaused;
    }

    /** True on a password-reset page: it reads the same whether the account exists or not. */
    public boolean isReset() {
        return mode instanceof CodeConversation.Mode.Reset;
    }

    /**
     * On a password-reset page, what the user typed to name the account, shown as typed (never read as a message
     * key), without bidi or invisible characters and cut when very long; empty elsewhere.
     */
    public LiteralText getResetFor() {
        return NoticeText.literal(mode instanceof CodeConversation.Mode.Reset reset ? reset.attemptedUsername() : "");
    }

    public int getCodeLength() {
        return policy.length();
    }

    /** Lifetime in whole minutes, at least 1, for "valid for N minutes". */
    public MessageNumber getLifetimeMinutes() {
        return new MessageNumber(policy.lifetimeMinutes());
    }

    public boolean isCodeLive() {
        return state.hasLiveCode();
    }

    public int getAttemptsLeft() {
        return state.attemptsLeft();
    }

    public boolean isResendAllowed() {
        return nextSend.isAllowed();
    }

    public boolean isSendLimitReached() {
        return nextSend.status() == SendDecision.Status.LIMIT_REACHED;
    }

    /** Seconds until the resend button works; 0 when it works now. */
    public long getResendWaitSeconds() {
        return nextSend.status() == SendDecision.Status.COOLDOWN ? nextSend.retryAfterSeconds() : 0;
    }
}
