package dev.otpguard.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.core.delivery.SmsEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many SMS segments each language's texts take, written to {@code target/sms-segments.tsv} (locale, key,
 * encoding, length, segments), and the rule that the sign-in text fits one segment in every language: a second
 * segment costs a second SMS, and some carriers deliver the parts out of order.
 *
 * <p>A text is sent as GSM-7 when every character is in the GSM 03.38 alphabet (the extension table's characters
 * count twice), else as UCS-2: one segment holds 160 GSM-7 septets or 70 UCS-2 code units; longer texts are split
 * into parts of 153 or 67.
 */
class SmsSegmentsTest {

    /** GSM 03.38 basic character set. */
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table: each takes an escape septet as well. */
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    /** What the texts are formatted with: a 6-digit code, a realm name of 12 characters, the default 5 minutes. */
    private static final Map<String, Object[]> ARGUMENTS = Map.of(
            "otpGuardSmsText", new Object[] {"482915", "Example Corp", 5},
            "otpGuardSmsText.confirm", new Object[] {"482915", "Example Corp", 5},
            "otpGuardSmsText.reset", new Object[] {"482915", "Example Corp", 5},
            "otpGuardContactChangedSmsNoLink", new Object[] {"Example Corp", "…67"},
            "otpGuardResetNoticeSms", new Object[] {"Example Corp", "a***@e***.com"});

    record Length(boolean gsm7, int units) {
        int segments() {
            int single = gsm7 ? 160 : 70;
            int part = gsm7 ? 153 : 67;
            return units <= single ? 1 : (units + part - 1) / part;
        }
    }

    static Length measure(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return new Length(false, text.length());
            }
        }
        return new Length(true, septets);
    }

    @Test
    void theSignInTextFitsOneSegmentInEveryLanguage() throws IOException {
        List<String> report = new ArrayList<>(List.of("locale\tkey\tencoding\tlength\tsegments"));
        List<String> tooLong = new ArrayList<>();
        for (String tag : MessageBundlesTest.bundleLocales()) {
            Map<String, String> bundle = MessageBundlesTest.load(tag);
            for (Map.Entry<String, Object[]> key : ARGUMENTS.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                // as SmsText sends it: plain punctuation when that keeps the text in GSM-7
                String text = SmsEncoding.preferGsm7(new MessageFormat(bundle.get(key.getKey()),
                        Locale.forLanguageTag(tag)).format(key.getValue()));
                Length length = measure(text);
                report.add(tag + "\t" + key.getKey() + "\t" + (length.gsm7() ? "GSM-7" : "UCS-2") + "\t"
                        + length.units() + "\t" + length.segments());
                if (key.getKey().equals("otpGuardSmsText") && length.segments() > 1) {
                    tooLong.add(tag + ": " + (length.gsm7() ? "GSM-7 " : "UCS-2 ") + length.units() + " > "
                            + (length.gsm7() ? 160 : 70) + ": " + text);
                }
            }
        }
        Path out = Path.of(System.getProperty("basedir", "."), "target", "sms-segments.tsv");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        assertThat(tooLong).as("sign-in texts longer than one segment (see " + out + ")").isEmpty();
    }

    @Test
    void theCountIsRight() {
        assertThat(measure("a".repeat(160)).segments()).isEqualTo(1);
        assertThat(measure("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(measure("€".repeat(80)).units()).isEqualTo(160);
        assertThat(measure("ü").gsm7()).isTrue();
        assertThat(measure("ř").gsm7()).isFalse();
        assertThat(measure("ж".repeat(70)).segments()).isEqualTo(1);
        assertThat(measure("ж".repeat(71)).segments()).isEqualTo(2);
        assertThat(measure("ж".repeat(135)).segments()).isEqualTo(3);
    }
}
