package dev.otpguard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsEncodingTest {

    @Test
    void typographicPunctuationGivesWayWhenThatMakesTheTextGsm7() {
        assertThat(SmsEncoding.preferGsm7("Acme: the number was changed to the number ending in …67. Not you?"))
                .isEqualTo("Acme: the number was changed to the number ending in ...67. Not you?");
        assertThat(SmsEncoding.preferGsm7("Contattare l’amministratore – subito")).isEqualTo(
                "Contattare l'amministratore - subito");
        assertThat(SmsEncoding.isGsm7("Größe: 5 € ^")).isTrue();
    }

    @Test
    void aTextThatIsUcs2AnywayKeepsItsPunctuation() {
        String czech = "Kód pro Acme: 482915. Platí 5 minut… Nikomu ho nesdělujte.";
        assertThat(SmsEncoding.preferGsm7(czech)).isEqualTo(czech);
        assertThat(SmsEncoding.preferGsm7("482915 — код")).isEqualTo("482915 — код");
        assertThat(SmsEncoding.preferGsm7(null)).isNull();
    }
}
