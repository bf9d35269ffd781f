package dev.otpguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's TOTP client against RFC 6238's SHA-1 test vectors (last 6 of the 8 digits). */
class TotpTest {

    private static final Totp RFC_SECRET =
            new Totp("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @Test
    void matchesTheRfcVectors() {
        assertThat(RFC_SECRET.code(Totp.step(59_000L))).isEqualTo("287082");
        assertThat(RFC_SECRET.code(Totp.step(1_111_111_109_000L))).isEqualTo("081804");
        assertThat(RFC_SECRET.code(Totp.step(1_234_567_890_000L))).isEqualTo("005924");
        assertThat(RFC_SECRET.code(Totp.step(2_000_000_000_000L))).isEqualTo("279037");
    }
}
