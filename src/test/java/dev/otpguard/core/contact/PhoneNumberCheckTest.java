package dev.otpguard.core.contact;

import dev.otpguard.phone.PhoneSetupConfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneNumberCheckTest {

    private final PhoneNumberCheck check = new PhoneNumberCheck(Set.of("DE", "AT"), PhoneNumberCheck.DEFAULT_TYPES);

    @Test
    void nationalAndInternationalFormsNormalizeToE164() {
        assertThat(check.check("0151 23456789", "DE").e164()).isEqualTo("+4915123456789");
        assertThat(check.check("+49 (151) 234-56789", null).e164()).isEqualTo("+4915123456789");
        assertThat(check.check("+49 151 23456789", "AT").e164()).as("a + prefix wins over the selector")
                .isEqualTo("+4915123456789");
    }

    @Test
    void invalidForeignAndPremiumNumbersAreRefused() {
        assertThat(check.check("12345", "DE").problem()).isEqualTo(PhoneNumberCheck.Problem.INVALID);
        assertThat(check.check("+33 6 12 34 56 78", null).problem()).isEqualTo(PhoneNumberCheck.Problem.COUNTRY_NOT_ALLOWED);
        assertThat(check.check("+49 900 1234567", null).problem()).isEqualTo(PhoneNumberCheck.Problem.TYPE_NOT_ALLOWED);
        assertThat(check.check("+49 30 123456", null).problem()).as("landline by default")
                .isEqualTo(PhoneNumberCheck.Problem.TYPE_NOT_ALLOWED);
        assertThat(check.check("", "DE").problem()).isEqualTo(PhoneNumberCheck.Problem.EMPTY);
        assertThat(check.check("+49" + "1".repeat(100), null).problem()).isEqualTo(PhoneNumberCheck.Problem.TOO_LONG);
        assertThat(check.check("not a number", "DE").problem()).isEqualTo(PhoneNumberCheck.Problem.INVALID);
    }

    @Test
    void premiumRateStaysRefusedWhateverTheConfigurationSays() {
        PhoneNumberCheck permissive = new PhoneNumberCheck(Set.of("DE"), EnumSet.allOf(PhoneNumberType.class));
        assertThat(permissive.check("+49 900 1234567", null).problem())
                .isEqualTo(PhoneNumberCheck.Problem.TYPE_NOT_ALLOWED);
        assertThat(permissive.check("+49 30 123456", null).accepted()).isTrue();
    }

    @Test
    void withoutAllowedCountriesNothingIsAccepted() {
        assertThat(new PhoneNumberCheck(Set.of(), PhoneNumberCheck.DEFAULT_TYPES).check("+4915123456789", null)
                .problem()).isEqualTo(PhoneNumberCheck.Problem.NO_COUNTRY_ALLOWED);
    }

    @Test
    void configurationNamesUnknownCountriesAndForbiddenTypes() {
        assertThat(PhoneSetupConfig.from(java.util.Map.of("allowedCountries", "DE, xx")).problems())
                .anyMatch(p -> p.contains("'xx'"));
        assertThat(PhoneSetupConfig.from(java.util.Map.of("allowedCountries", "DE",
                "allowedNumberTypes", "MOBILE##PREMIUM_RATE")).problems()).anyMatch(p -> p.contains("PREMIUM_RATE"));
        assertThat(PhoneSetupConfig.from(java.util.Map.of("allowedCountries", "de,at")).config().allowedCountries())
                .containsExactly("DE", "AT");
    }
}
