package dev.otpguard.core.reset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResetRecipientsTest {

    @Test
    void aRealAccountCountsUnderItsIdAndDestinationLikeSignInCodes() {
        Recipient r = ResetRecipients.account("id-1", "+4915112345678");
        assertThat(r.real()).isTrue();
        assertThat(r.accountKey()).isEqualTo("id-1");
        assertThat(r.destinationKey()).isEqualTo("+4915112345678");
    }

    @Test
    void aPhantomCountsUnderWhatWasTypedIgnoringCaseAndSpaces() {
        Recipient a = ResetRecipients.phantom(" Nobody@Example.org ");
        Recipient b = ResetRecipients.phantom("nobody@example.org");
        assertThat(a).isEqualTo(b);
        assertThat(a.real()).isFalse();
        assertThat(a.accountKey()).doesNotStartWith("id-").isNotEqualTo(ResetRecipients.phantom("other").accountKey());
        assertThat(ResetRecipients.phantom(null).accountKey()).isNotBlank();
    }
}
