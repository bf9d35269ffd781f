package dev.otpguard.reset;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.reset.ResetChannels;
import java.util.List;
import java.util.Map;

/** The options a code step has only for the reset-credentials flow; the sign-in flow ignores them. */
public final class ResetOptions {

    public static final String CHANNELS = ResetChannels.OPTION;
    /** End the user's other sessions when the code is right. */
    public static final String LOGOUT_OTHER_SESSIONS = "logoutOtherSessions";
    /** Tell the user on the other channel (SMS for an email code and back) when the code is right. */
    public static final String NOTIFY_OTHER_CHANNEL = "notifyOtherChannel";

    public static final OptionGroup GROUP = OptionGroup.of(
            Option.choice(CHANNELS, "Password reset: channels",
                    "Only in the reset-credentials flow. this-only: codes go by this step's channel; an account "
                            + "without it gets none. fallback: by this step's channel, else by the other one (email "
                            + "or SMS). choice: an account with both is asked which to use, seeing both contacts "
                            + "masked: this tells whoever types a username that the account exists.",
                    "this-only", List.of("this-only", "fallback", "choice")),
            Option.flag(LOGOUT_OTHER_SESSIONS, "Password reset: sign out other sessions",
                    "Only in the reset-credentials flow: when the code is right, end the user's other "
                            + "sessions (offline ones too) before the new password is set.", true),
            Option.flag(NOTIFY_OTHER_CHANNEL, "Password reset: notify on the other channel",
                    "Only in the reset-credentials flow: when the code is right, tell the user by SMS (for an "
                            + "email code) or by email (for an SMS code), if they have that contact.", true));

    private ResetOptions() {
    }

    /** Adds to {@code problems} what is wrong with these options (the flags accept any letter case). */
    public static void check(Map<String, String> config, List<String> problems) {
        if (ResetChannels.fromConfig(config.get(CHANNELS)).isEmpty()) {
            problems.add(CHANNELS + " must be one of this-only, fallback, choice");
        }
        for (String flag : List.of(LOGOUT_OTHER_SESSIONS, NOTIFY_OTHER_CHANNEL)) {
            String value = config.get(flag);
            if (value != null && !value.isBlank() && !value.trim().equalsIgnoreCase("true")
                    && !value.trim().equalsIgnoreCase("false")) {
                problems.add(flag + " must be true or false");
            }
        }
    }
}
