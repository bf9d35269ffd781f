package dev.otpguard.core.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"123456", " 123456 ", "123 456", "123-456", "12 34 56", "123\u2013456", "\t123456\n"})
    void spacesAndDashesFromPastingAreDropped(String raw) {
        CodeInput input = CodeInput.parse(raw);
        assertThat(input.isUsable()).isTrue();
        assertThat(input.digits()).isEqualTo("123456");
    }

    @Test
    void nonAsciiDigitsAreRefusedNotConverted() {
        assertThat(CodeInput.parse("\u0661\u0662\u0663\u0664\u0665\u0666").problem())
                .isEqualTo(CodeInput.Problem.NON_ASCII_DIGITS);
        assertThat(CodeInput.parse("\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16").problem())
                .isEqualTo(CodeInput.Problem.NON_ASCII_DIGITS);
    }

    @Test
    void emptyLettersAndOversizedInputAreRefused() {
        assertThat(CodeInput.parse(null).problem()).isEqualTo(CodeInput.Problem.EMPTY);
        assertThat(CodeInput.parse("   ").problem()).isEqualTo(CodeInput.Problem.EMPTY);
        assertThat(CodeInput.parse("12a456").problem()).isEqualTo(CodeInput.Problem.NOT_DIGITS);
        assertThat(CodeInput.parse("1".repeat(65)).problem()).isEqualTo(CodeInput.Problem.TOO_LONG);
        assertThat(CodeInput.parse("1".repeat(64)).isUsable()).isTrue();
    }

    @Test
    void itNeverPrintsWhatWasTyped() {
        assertThat(CodeInput.parse("123456").toString()).doesNotContain("123456");
    }
}
