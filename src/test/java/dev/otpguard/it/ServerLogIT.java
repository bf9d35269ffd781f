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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other test class: the server log of the whole run (our classes and the bundled twilio-java at
 * TRACE, events at DEBUG) must not contain any code that was mailed or texted during the run, any full test
 * address or number, or the Twilio secret.
 */
@ExtendWith(TestEnvironment.class)
@Order(Integer.MAX_VALUE)
class ServerLogIT {

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
    }
}
