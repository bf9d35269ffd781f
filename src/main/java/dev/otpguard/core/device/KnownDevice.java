package dev.otpguard.core.device;

/**
 * A browser the user signed in from: the hash of its device id, a label (browser and OS), and when and from
 * where it was last seen. Times are epoch millis.
 */
public record KnownDevice(String credentialId, String idHash, String label, long firstSeen, long lastSeen,
                          String lastIp) {
}
