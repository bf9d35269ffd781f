package dev.otpguard.contact;

/** Detail names of contact-change events; values are always masked. */
final class ContactChangeEvents {

    static final String PREVIOUS = "otp_guard_previous";
    static final String UPDATED = "otp_guard_updated";
    static final String SOURCE = "otp_guard_change_source";

    private ContactChangeEvents() {
    }
}
