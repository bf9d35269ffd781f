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

    @Test
    void segmentsAreCountedInTheAlphabetTheTextGoesOutIn() {
        assertThat(SmsEncoding.measure("a".repeat(160)).segments()).isEqualTo(1);
        assertThat(SmsEncoding.measure("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.measure("€".repeat(80)).units()).isEqualTo(160);
        assertThat(SmsEncoding.measure("ü").gsm7()).isTrue();
        assertThat(SmsEncoding.measure("ř").gsm7()).isFalse();
        assertThat(SmsEncoding.measure("ж".repeat(70)).segments()).isEqualTo(1);
        assertThat(SmsEncoding.measure("ж".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.measure("ж".repeat(135)).segments()).isEqualTo(3);
    }
}
