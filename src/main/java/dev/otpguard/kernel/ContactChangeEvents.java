package dev.otpguard.kernel;

/** Detail names of contact-change events; values are always masked. */
public final class ContactChangeEvents {

    public static final String PREVIOUS = "otp_guard_previous";
    public static final String UPDATED = "otp_guard_updated";

    private ContactChangeEvents() {
    }
}
