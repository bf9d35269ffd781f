package dev.otpguard.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextDirectionTest {

    @Test
    void arabicIsRightToLeftTheOtherBundlesAreNot() {
        assertThat(TextDirection.rightToLeft(Locale.forLanguageTag("ar"))).isTrue();
        assertThat(TextDirection.rightToLeft(Locale.forLanguageTag("he"))).isTrue();
        for (String tag : new String[] {"en", "de", "uk", "ko", "ja", "zh-CN", "tr", "pt-BR"}) {
            assertThat(TextDirection.rightToLeft(Locale.forLanguageTag(tag))).as(tag).isFalse();
        }
        assertThat(TextDirection.rightToLeft(null)).isFalse();
    }

    @Test
    void anIsolatedValueIsWrappedInTheIsolateMarks() {
        assertThat(TextDirection.isolated("a***@e***.test")).isEqualTo("\u2068a***@e***.test\u2069");
        assertThat(TextDirection.isolated(null)).isNull();
    }
}
