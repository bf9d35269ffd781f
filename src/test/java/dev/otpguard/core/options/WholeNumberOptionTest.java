package dev.otpguard.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpguard.core.limits.QuotaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A number typed freely (the realm settings tab): accepted in range, ASCII digits only, refused naming the option. */
class WholeNumberOptionTest {

    private final Option limit = Option.wholeNumber("limit", "Limit", "help", 10, 1, 100);

    @Test
    void acceptsWholeNumbersInRangeAndBlankAsTheDefault() {
        assertThat(limit.problem("1")).isEmpty();
        assertThat(limit.problem(" 100 ")).isEmpty();
        assertThat(limit.problem("007")).isEmpty();
        assertThat(limit.problem("")).isEmpty();
        assertThat(limit.problem(null)).isEmpty();
        assertThat(limit.defaultValue()).isEqualTo("10");
        assertThat(limit.isNumber()).isTrue();
    }

    @Test
    void refusesEverythingElseNamingTheOptionAndItsRange() {
        for (String bad : new String[] {"0", "101", "-5", "+5", "1e3", "5.0", "\u0663", "\uFF15", "lots",
                "99999999999999999999999", "5 OR 1=1"}) {
            assertThat(limit.problem(bad)).as(bad).contains("limit must be a whole number from 1 to 100");
        }
    }

    @Test
    void aDeclarationMustHoldItsDefaultAndARange() {
        assertThatThrownBy(() -> Option.wholeNumber("n", "N", "help", 0, 1, 5)).hasMessageContaining("outside");
        assertThatThrownBy(() -> new Option("n", "N", "help", Option.Kind.NUMBER, "1", java.util.List.of(), null))
                .hasMessageContaining("needs its range");
    }

    /** The hourly limits read realm attributes through the same declarations the tab shows. */
    @Test
    void theHourlyLimitsUseTheirDeclarations() {
        QuotaSettings.Read read = QuotaSettings.from(Map.of(QuotaSettings.SENDS_PER_USER, "+5",
                QuotaSettings.SENDS_PER_IP, "\u0665\u0660", QuotaSettings.SMS_PER_REALM, " 250 "));
        assertThat(read.settings().sendsPerUserPerHour()).isEqualTo(QuotaSettings.DEFAULT.sendsPerUserPerHour());
        assertThat(read.settings().sendsPerIpPerHour()).isEqualTo(QuotaSettings.DEFAULT.sendsPerIpPerHour());
        assertThat(read.settings().smsPerRealmPerHour()).isEqualTo(250);
        assertThat(read.ignored()).containsExactly(
                "otpGuard.sendsPerUserPerHour must be a whole number from 1 to 1000000",
                "otpGuard.sendsPerIpPerHour must be a whole number from 1 to 1000000");
        assertThat(QuotaSettings.OPTIONS.names()).containsExactly(QuotaSettings.SENDS_PER_USER,
                QuotaSettings.SENDS_PER_DESTINATION, QuotaSettings.SENDS_PER_IP, QuotaSettings.SENDS_PER_REALM,
                QuotaSettings.SMS_PER_REALM, QuotaSettings.FAILED_CODES_PER_USER);
    }
}
