package dev.otpguard.core.contact;

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

    private static MaskedDestination.Pair pair(String first, String second) {
        return new MaskedDestination.Pair(first, second);
    }

    @Test
    void twoAddressesThatMaskDifferentlyKeepTheirUsualMasks() {
        assertThat(MaskedDestination.email("john@example.com", "mary@example.com"))
                .isEqualTo(pair("j***@e***.com", "m***@e***.com"));
        assertThat(MaskedDestination.email("john@example.com", "john@example.org"))
                .isEqualTo(pair("j***@e***.com", "j***@e***.org"));
        assertThat(MaskedDestination.email("John@Example.com", "john@example.com"))
                .as("the same address in another case is the same address")
                .isEqualTo(pair("J***@E***.com", "j***@e***.com"));
        assertThat(MaskedDestination.email("a@b.test", "a@b.test")).isEqualTo(pair("a***@b***.test", "a***@b***.test"));
        assertThat(MaskedDestination.email(null, "a@b.test")).isEqualTo(pair("***", "a***@b***.test"));
    }

    @Test
    void twoAddressesThatMaskAlikeShowJustEnoughOfTheirDifference() {
        assertThat(MaskedDestination.email("olga@post.test", "otto@pier.test"))
                .isEqualTo(pair("ol***@p***.test", "ot***@p***.test"));
        // equal start: the end tells them apart, after the first letter
        assertThat(MaskedDestination.email("john.doe1@example.com", "john.doe2@example.com"))
                .isEqualTo(pair("j***1@e***.com", "j***2@e***.com"));
        assertThat(MaskedDestination.email("ann@example.com", "anna@example.com"))
                .isEqualTo(pair("a***n@e***.com", "a***a@e***.com"));
        // equal local part: the domain tells them apart
        assertThat(MaskedDestination.email("olga@post.test", "olga@pier.test"))
                .isEqualTo(pair("o***@po***.test", "o***@pi***.test"));
        assertThat(MaskedDestination.email("me@mail.example.de", "me@mail.exemple.de"))
                .isEqualTo(pair("m***@m***ample.de", "m***@m***emple.de"));
        // nothing shorter tells these apart
        assertThat(MaskedDestination.email("aa@x.test", "aaa@x.test")).isEqualTo(pair("aa@x***.test", "aaa@x***.test"));
    }

    @Test
    void twoNumbersEndingAlikeShowJustEnoughMoreDigits() {
        assertThat(MaskedDestination.phone("+4915112345667", "+4915112345668")).isEqualTo(pair("…67", "…68"));
        // identical length, one digit apart
        assertThat(MaskedDestination.phone("+4915112345667", "+4915112345567")).isEqualTo(pair("…667", "…567"));
        assertThat(MaskedDestination.phone("+4915112345667", "+4915182345667")).isEqualTo(pair("…12345667", "…82345667"));
        // apart only near the start: the start up to the difference shows fewer digits than the end would
        assertThat(MaskedDestination.phone("+4915112345667", "+4315112345667")).isEqualTo(pair("+49…67", "+43…67"));
        assertThat(MaskedDestination.phone("+4915112345667", "+4915112345667")).isEqualTo(pair("…67", "…67"));
        assertThat(MaskedDestination.phone("+4915112345667", "12")).isEqualTo(pair("…67", "…"));
    }
}
