package dev.otpguard.core.reset;

/**
 * Whom a send or a guess counts against (hourly limits) and whether a code really leaves. A phantom is a
 * password reset for an account that does not exist, is disabled or has no contact for the channel: it gets
 * a code that is never sent and can never pass, counted under keys derived from what was typed.
 */
public record Recipient(String accountKey, String destinationKey, boolean real) {
}
