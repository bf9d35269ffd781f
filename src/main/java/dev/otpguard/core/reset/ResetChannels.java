package dev.otpguard.core.reset;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which channel a password-reset code takes, as the step's {@code resetChannels} option says. The step's own
 * channel comes first; the other one (email for the SMS step and back) only by the admin's choice. The page
 * never names the channel when a second one is in play, so it cannot tell which contacts an account has,
 * except with {@link #CHOICE}, which shows the masked contacts of accounts that have both (the admin's trade).
 */
public enum ResetChannels {
    /** Only this step's channel: an account without it gets nothing (as an unknown account). */
    THIS_ONLY("this-only"),
    /** This step's channel, else the other one. */
    FALLBACK("fallback"),
    /** An account with both is asked which to use; others as {@link #FALLBACK}. */
    CHOICE("choice");

    public static final String OPTION = "resetChannels";

    private final String value;

    ResetChannels(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Reads the option; null or blank is {@link #THIS_ONLY}, anything unknown is empty (a misconfiguration). */
    public static Optional<ResetChannels> fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(THIS_ONLY);
        }
        return Arrays.stream(values()).filter(m -> m.value.equals(value.trim())).findFirst();
    }

    /** Where a code goes for one account. */
    public enum Route {
        /** nowhere: no account, or no usable contact */
        NOBODY,
        /** this step's channel */
        THIS,
        /** the other channel */
        OTHER,
        /** ask the person first */
        ASK
    }

    /**
     * @param chosen what the person picked on the choice page ({@link Route#THIS} or {@link Route#OTHER}), or
     *               null before they did
     */
    public Route route(boolean hasThis, boolean hasOther, Route chosen) {
        if (this == CHOICE && hasThis && hasOther) {
            return chosen == Route.THIS || chosen == Route.OTHER ? chosen : Route.ASK;
        }
        if (hasThis) {
            return Route.THIS;
        }
        return this != THIS_ONLY && hasOther ? Route.OTHER : Route.NOBODY;
    }

    /** Whether the pages must not name a channel: a second channel may be in play. */
    public boolean hidesChannel() {
        return this != THIS_ONLY;
    }
}
