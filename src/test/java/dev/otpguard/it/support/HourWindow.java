package dev.otpguard.it.support;

/**
 * OTP Guard counts in hour windows of the UTC clock (hourly limits, once-an-hour log lines). A test that needs all
 * its steps in one window starts away from the turn of the hour.
 */
public final class HourWindow {

    private HourWindow() {
    }

    /** Waits into the next window when fewer than {@code seconds} are left of this one. */
    public static void atLeastSecondsLeft(long seconds) throws InterruptedException {
        long secondsLeft = 3600 - (System.currentTimeMillis() / 1000) % 3600;
        if (secondsLeft < seconds) {
            Thread.sleep((secondsLeft + 1) * 1000);
        }
    }
}
