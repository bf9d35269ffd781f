package dev.otpguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TwilioStandIn;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other test class, and reads the server log of the whole run (our classes and the bundled
 * twilio-java at TRACE, events at DEBUG). It must show no linkage error: on a Keycloak whose APIs differ from the
 * ones we compile against, a call into a missing or changed method fails only when it runs, as a NoSuchMethodError
 * or similar, and this is where it shows. And it must not contain any code that was mailed or texted during the
 * run, any full test address or number, or the Twilio secret.
 */
@ExtendWith(TestEnvironment.class)
@Order(Integer.MAX_VALUE)
class ServerLogIT {

    private static final Pattern LINKAGE_ERROR = Pattern.compile(
            "java\\.lang\\.(NoSuchMethodError|NoSuchFieldError|NoClassDefFoundError|AbstractMethodError"
                    + "|IncompatibleClassChangeError|ClassFormatError|VerifyError|UnsatisfiedLinkError)[^\\n]*");

    @Test
    @Tag("smoke")
    void theServerLogHasNoLinkageError(Env env) throws Exception {
        String log = Files.readString(env.server.logFile());
        assertThat(log).as("our provider was loaded and logged").contains("dev.otpguard");
        List<String> errors = LINKAGE_ERROR.matcher(log).results().map(r -> r.group()).distinct().toList();
        assertThat(errors).as("linkage errors in " + env.server.logFile()
                + " (an API of this Keycloak differs from the one we compile against)").isEmpty();
    }

    @Test
    void theServerLogContainsNoIssuedCode(Env env) throws Exception {
        List<String> codes = new ArrayList<>(env.mailbox.allCodes());
        codes.addAll(env.twilio.seenCodes());
        assertThat(codes).as("codes mailed during the run").hasSizeGreaterThan(10);
        String log = Files.readString(env.server.logFile());
        assertThat(log).contains("dev.otpguard").as("our provider was loaded and logged");
        List<String> leaked = new ArrayList<>();
        for (String code : codes) {
            if (Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])").matcher(log).find()) {
                leaked.add(code);
            }
        }
        assertThat(leaked).as("codes found in " + env.server.logFile()).isEmpty();
        assertThat(log).as("full test email addresses in the log").doesNotContainPattern("[A-Za-z0-9._-]+@example\\.test");
        assertThat(log).as("full test phone numbers in the log").doesNotContainPattern("\\+49151\\d{8}");
        assertThat(log).as("the Twilio auth token").doesNotContain(TwilioStandIn.AUTH_TOKEN);
        reportDeliveryTimes(log, env);
    }

    /**
     * Writes target/delivery-times.txt: how long handing a code to each channel took in this run, from our own
     * DEBUG lines, beside the Twilio stand-in's own time per request (to be subtracted). A record, not a test.
     */
    private static void reportDeliveryTimes(String log, Env env) throws java.io.IOException {
        StringBuilder report = new StringBuilder("Code delivery times in this test run (server side)\n");
        for (String channel : List.of("email", "sms")) {
            List<Long> millis = new ArrayList<>();
            var m = Pattern.compile("handed a " + channel + " code to its channel in (\\d+) ms").matcher(log);
            while (m.find()) {
                millis.add(Long.parseLong(m.group(1)));
            }
            report.append(channel).append(": ").append(percentiles(millis)).append("\n");
        }
        for (int known : List.of(1, 20)) {
            List<Long> micros = new ArrayList<>();
            var m = Pattern.compile("device check: " + known + " known devices, (\\d+) us").matcher(log);
            while (m.find()) {
                micros.add(Long.parseLong(m.group(1)));
            }
            report.append("device check with ").append(known).append(" known device(s), in microseconds: ")
                    .append(percentiles(micros).replace(" ms", " us")).append("\n");
        }
        report.append("Twilio stand-in processing per request: ").append(percentiles(env.twilio.processingMillis()))
                .append("\n");
        java.nio.file.Path out = env.server.logFile().resolveSibling("delivery-times.txt");
        Files.writeString(out, report.toString());
        System.out.print(report);
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return "n=" + sorted.size() + " p50=" + sorted.get((sorted.size() - 1) / 2) + " ms p99="
                + sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) + " ms max=" + sorted.get(sorted.size() - 1)
                + " ms";
    }
}
