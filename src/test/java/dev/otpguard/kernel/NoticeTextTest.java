package dev.otpguard.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NoticeTextTest {

    @Test
    void lineBreaksAndTabsBecomeOneSpaceSoTheyNeverStartAHeader() {
        assertThat(NoticeText.clean("Evil\r\nBcc: x@example.test\r\n\tX-Injected: yes"))
                .isEqualTo("Evil Bcc: x@example.test X-Injected: yes");
        assertThat(NoticeText.clean("a\u2028b\u2029c\u0085d")).isEqualTo("a b c d");
    }

    @Test
    void bidiControlsAndZeroWidthCharactersAreDropped() {
        String sneaky = "\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl"
                + "\u200Bm\u200Cn\u200Do\u2060p\uFEFFq";
        assertThat(NoticeText.clean(sneaky)).isEqualTo("abcdefghijklmnopq");
    }

    @Test
    void otherControlCharactersAreDropped() {
        assertThat(NoticeText.clean("be\u0007ll\u0000 \u001B[31mred\u007F")).isEqualTo("bell [31mred");
    }

    @Test
    void longValuesAreCutAtOneHundredCharactersWithAnEllipsis() {
        assertThat(NoticeText.clean("x".repeat(100))).isEqualTo("x".repeat(100));
        String cut = NoticeText.clean("y".repeat(10_000));
        assertThat(cut).isEqualTo("y".repeat(100) + "…");
        // dropped characters do not count
        assertThat(NoticeText.clean("\u200B".repeat(500) + "z".repeat(100))).isEqualTo("z".repeat(100));
        // a character outside the BMP is never split in half
        assertThat(NoticeText.clean("😀".repeat(150))).isEqualTo("😀".repeat(100) + "…");
    }

    @Test
    void markupAndPlaceholdersStayAsTheyAreForTheTemplatesToEscape() {
        assertThat(NoticeText.clean("<script>alert(1)</script> ${loginTitle} ${7*7} {0}"))
                .isEqualTo("<script>alert(1)</script> ${loginTitle} ${7*7} {0}");
        assertThat(NoticeText.clean("  Chrome on Linux \r\n")).isEqualTo("Chrome on Linux");
        assertThat(NoticeText.clean(null)).isNull();
    }

    @Test
    void aLiteralReachesMessageFormatUnchanged() {
        LiteralText literal = NoticeText.literal("${7*7}\u202E");
        assertThat(literal.getAsString()).isEqualTo("${7*7}");
        assertThat(new MessageFormat("If {0} belongs to an account", Locale.ENGLISH).format(new Object[] {literal}))
                .isEqualTo("If ${7*7} belongs to an account");
        assertThat(NoticeText.literal(null)).isNull();
    }
}
