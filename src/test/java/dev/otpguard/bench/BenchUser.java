package dev.otpguard.bench;

/** A user of a bench realm: login name, own mailbox address and own verified phone number. */
record BenchUser(String username, String email, String phone) {
}
