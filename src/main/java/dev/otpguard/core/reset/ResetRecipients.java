package dev.otpguard.core.reset;

import java.util.Locale;

/**
 * Who a password-reset code is counted against. A real account counts under its id and its destination, sharing
 * the hourly limits with sign-in codes; anything else (no such account, disabled, no contact for the channel)
 * counts under what was typed, so a phantom meets the same limits at the same point as a real account, and a
 * username typed in different case is still one subject.
 */
public final class ResetRecipients {

    private static final String TYPED = "typed:";

    private ResetRecipients() {
    }

    public static Recipient account(String userId, String destination) {
        return new Recipient(userId, destination, true);
    }

    public static Recipient phantom(String attemptedUsername) {
        String typed = TYPED + (attemptedUsername == null ? "" : attemptedUsername.trim().toLowerCase(Locale.ROOT));
        return new Recipient(typed, typed, false);
    }
}
