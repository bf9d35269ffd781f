package dev.otpguard.core.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HiddenCharactersTest {

    @ParameterizedTest
    @ValueSource(strings = {"user\u202E@example.test", "us\u200Ber@example.test", "\uFEFFuser@example.test",
            "us\u200Der@example.test", "us\u00ADer@example.test", "a\u0000@example.test", "a\r\n@example.test",
            "us\u00A0er@example.test", "us\u3000er@example.test", "us\u2028er@example.test", "us\uE000er@example.test",
            "us\uD800er@example.test", "us\u0378er@example.test", "us\u2066er@example.test"})
    void invisibleControlAndFormatCharactersAreFound(String text) {
        assertThat(HiddenCharacters.present(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@example.test", "üser@exämple.test", "пользователь@пример.рф", "用户@例子.测试",
            "first last", "a+tag@example.test", "\"quoted\"@example.test", "😀@example.test"})
    void visibleTextPasses(String text) {
        assertThat(HiddenCharacters.present(text)).isFalse();
    }
}
