package dev.otpguard.passkey;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Options of the passkey nudge. */
record PasskeyNudgeConfig(Duration notNow) {

    static final String NOT_NOW_DAYS = "notNowDays";
    static final long MAX_DAYS = 365;

    private static final Option DAYS = Option.number(NOT_NOW_DAYS, "Ask again after (days)",
            "After 'Not now', the page stays away for this many days (1 to " + MAX_DAYS + "), then shows again "
                    + "after a sign-in with a code.", 30, List.of("1", "7", "14", "30", "90", "180", "365"), 1,
            MAX_DAYS);

    static final OptionGroup OPTIONS = OptionGroup.of(DAYS);

    record Parsed(PasskeyNudgeConfig config, List<String> problems) {
        boolean isValid() {
            return problems.isEmpty();
        }
    }

    static Parsed from(Map<String, String> values) {
        OptionValues read = new OptionValues(values == null ? Map.of() : values).check(OPTIONS);
        long days = read.number(DAYS);
        return read.problems().isEmpty() ? new Parsed(new PasskeyNudgeConfig(Duration.ofDays(days)), List.of())
                : new Parsed(null, List.copyOf(read.problems()));
    }
}
