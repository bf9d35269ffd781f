package dev.otpguard.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedDestinationTest {

    @Test
    void emailKeepsFirstLettersAndTopLevelDomainOnly() {
        assertThat(MaskedDestination.email("john.doe@example.com")).isEqualTo("j***@e***.com");
        assertThat(MaskedDestination.email("a@mail.example.co.uk")).isEqualTo("a***@m***.uk");
        assertThat(MaskedDestination.email("\uD83D\uDE00x@b\u00FCcher.de")).isEqualTo("\uD83D\uDE00***@b***.de");
        assertThat(MaskedDestination.email("not-an-address")).isEqualTo("***");
        assertThat(MaskedDestination.email(null)).isEqualTo("***");
    }

    @Test
    void phoneKeepsTheLastTwoDigits() {
        assertThat(MaskedDestination.phone("+4915112345667")).isEqualTo("…67");
        assertThat(MaskedDestination.phone("12")).isEqualTo("…");
    }
}
