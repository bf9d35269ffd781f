package dev.otpguard.kernel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * "When" in OTP Guard's notices (new device, contact change, password reset): the reader's language, long style,
 * in UTC, which the long style names, since the server cannot know the reader's time zone.
 */
public final class NoticeTime {

    private NoticeTime() {
    }

    public static String now(Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG).withLocale(locale).withZone(ZoneOffset.UTC)
                .format(Instant.now());
    }
}
