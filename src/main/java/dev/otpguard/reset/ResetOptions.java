package dev.otpguard.reset;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.reset.ResetChannels;
import java.util.List;

/** The options a code step has only for the reset-credentials flow; the sign-in flow ignores them. */
public final class ResetOptions {

    public static final String CHANNELS = ResetChannels.OPTION;
    /** End the user's other sessions when the code is right. */
    public static final String LOGOUT_OTHER_SESSIONS = "logoutOtherSessions";
    /** Tell the user on the other channel (SMS for an email code and back) when the code is right. */
    public static final String NOTIFY_OTHER_CHANNEL = "notifyOtherChannel";

    public static final Option CHANNELS_OPTION = Option.choice(CHANNELS, "Password reset: channels",
            "Only in the reset-credentials flow. this-only: codes go by this step's channel; an account "
                    + "without it gets none. fallback: by this step's channel, else by the other one (email "
                    + "or SMS). choice: an account with both is asked which to use, seeing both contacts "
                    + "masked: this tells whoever types a username that the account exists.",
            "this-only", List.of("this-only", "fallback", "choice"));
    public static final Option LOGOUT_OPTION = Option.flag(LOGOUT_OTHER_SESSIONS,
            "Password reset: sign out other sessions",
            "Only in the reset-credentials flow: when the code is right, end the user's other "
                    + "sessions (offline ones too) before the new password is set.", true);
    public static final Option NOTIFY_OPTION = Option.flag(NOTIFY_OTHER_CHANNEL,
            "Password reset: notify on the other channel",
            "Only in the reset-credentials flow: when the code is right, tell the user by SMS (for an "
                    + "email code) or by email (for an SMS code), if they have that contact.", true);

    public static final OptionGroup GROUP = OptionGroup.of(CHANNELS_OPTION, LOGOUT_OPTION, NOTIFY_OPTION);

    private ResetOptions() {
    }
}
