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
 * <p>The count is {@link SmsEncoding#measure}, the alphabet the texts go out in.
 */
class SmsSegmentsTest {

    /** What the texts are formatted with: a 6-digit code, a realm name of 12 characters, the default 5 minutes. */
    private static final Map<String, Object[]> ARGUMENTS = Map.of(
            "otpGuardSmsText", new Object[] {"482915", "Example Corp", 5},
            "otpGuardSmsText.confirm", new Object[] {"482915", "Example Corp", 5},
            "otpGuardSmsText.reset", new Object[] {"482915", "Example Corp", 5},
            "otpGuardContactChangedSmsNoLink", new Object[] {"Example Corp", "…67"},
            "otpGuardResetNoticeSms", new Object[] {"Example Corp", "a***@e***.com"});

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
                SmsEncoding.Length length = SmsEncoding.measure(text);
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
}
