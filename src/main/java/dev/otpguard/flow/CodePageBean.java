package dev.otpguard.flow;

import dev.otpguard.code.Challenge;
import dev.otpguard.code.CodePolicy;
import dev.otpguard.code.SendDecision;

/** What the code page template shows: read-only, and free of anything secret. */
public final class CodePageBean {

    private final String channel;
    private final String maskedDestination;
    private final CodePolicy policy;
    private final Challenge state;
    private final SendDecision nextSend;

    CodePageBean(String channel, String maskedDestination, CodePolicy policy, Challenge state, SendDecision nextSend) {
        this.channel = channel;
        this.maskedDestination = maskedDestination;
        this.policy = policy;
        this.state = state;
        this.nextSend = nextSend;
    }

    public String getChannel() {
        return channel;
    }

    public String getMaskedDestination() {
        return maskedDestination;
    }

    public int getCodeLength() {
        return policy.length();
    }

    /** Lifetime in whole minutes, at least 1, for "valid for N minutes". */
    public long getLifetimeMinutes() {
        return policy.lifetimeMinutes();
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
