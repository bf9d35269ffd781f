package dev.otpguard.core.contact;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallingCodeTest {

    @Test
    void aStoredNumberGivesItsCountrysCallingCode() {
        assertThat(CallingCode.of("+4915123456789")).isEqualTo("49");
        assertThat(CallingCode.of("+12025550123")).isEqualTo("1");
        assertThat(CallingCode.of("+447700900123")).isEqualTo("44");
        assertThat(CallingCode.of("+3725123456")).isEqualTo("372");
        assertThat(CallingCode.of("+8613800138000")).isEqualTo("86");
    }

    @Test
    void anythingElseIsOther() {
        for (String odd : new String[] {null, "", "+", "4915123456789", "+abc", "+0123456", "+9991234567",
                "+49" + "1".repeat(40), "+４９151", "+49 151", "\u202E+49151"}) {
            assertThat(CallingCode.of(odd)).as(String.valueOf(odd)).isEqualTo(CallingCode.OTHER);
        }
    }

    /** What a metric tag can take: the known codes and "other", whatever the input. */
    @Test
    void theValuesFormAClosedSetOfAtMostAFewHundred() {
        Set<String> seen = new HashSet<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            seen.add(CallingCode.of("+" + Long.toString(Math.abs(random.nextLong()) % 1_000_000_000_000L)));
        }
        Set<String> allowed = new HashSet<>();
        PhoneNumberUtil.getInstance().getSupportedCallingCodes().forEach(c -> allowed.add(Integer.toString(c)));
        allowed.add(CallingCode.OTHER);
        assertThat(allowed).containsAll(seen).hasSizeLessThan(300);
    }
}
