package dev.otpguard.core.code;

import java.time.Duration;

/** Whether a code may be sent now; when not, why and for how long. */
public record SendDecision(Status status, Duration retryAfter) {

    public enum Status { ALLOWED, COOLDOWN, LIMIT_REACHED }

    static SendDecision allowed() {
        return new SendDecision(Status.ALLOWED, Duration.ZERO);
    }

    static SendDecision cooldown(Duration wait) {
        return new SendDecision(Status.COOLDOWN, wait);
    }

    static SendDecision limitReached() {
        return new SendDecision(Status.LIMIT_REACHED, Duration.ZERO);
    }

    public boolean isAllowed() {
        return status == Status.ALLOWED;
    }

    /** Seconds to wait, rounded up so the page never says "0 seconds" while the server still refuses. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return (millis + 999) / 1000;
    }
}
