package dev.otpguard.core.reset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.core.reset.ResetChannels.Route;
import org.junit.jupiter.api.Test;

class ResetChannelsTest {

    @Test
    void thisOnlyUsesTheStepsChannelOrNothing() {
        assertThat(ResetChannels.THIS_ONLY.route(true, true, null)).isEqualTo(Route.THIS);
        assertThat(ResetChannels.THIS_ONLY.route(false, true, null)).isEqualTo(Route.NOBODY);
        assertThat(ResetChannels.THIS_ONLY.route(false, false, null)).isEqualTo(Route.NOBODY);
        assertThat(ResetChannels.THIS_ONLY.hidesChannel()).isFalse();
    }

    @Test
    void fallbackTakesTheOtherChannelOnlyWhenTheAccountLacksThisOne() {
        assertThat(ResetChannels.FALLBACK.route(true, true, null)).isEqualTo(Route.THIS);
        assertThat(ResetChannels.FALLBACK.route(false, true, null)).isEqualTo(Route.OTHER);
        assertThat(ResetChannels.FALLBACK.route(false, false, null)).isEqualTo(Route.NOBODY);
        assertThat(ResetChannels.FALLBACK.route(true, true, Route.OTHER)).isEqualTo(Route.THIS);
        assertThat(ResetChannels.FALLBACK.hidesChannel()).isTrue();
    }

    @Test
    void choiceAsksOnlyAccountsWithBothAndThenKeepsTheirPick() {
        assertThat(ResetChannels.CHOICE.route(true, true, null)).isEqualTo(Route.ASK);
        assertThat(ResetChannels.CHOICE.route(true, true, Route.OTHER)).isEqualTo(Route.OTHER);
        assertThat(ResetChannels.CHOICE.route(true, true, Route.THIS)).isEqualTo(Route.THIS);
        assertThat(ResetChannels.CHOICE.route(true, true, Route.NOBODY)).isEqualTo(Route.ASK);
        assertThat(ResetChannels.CHOICE.route(false, true, null)).isEqualTo(Route.OTHER);
        assertThat(ResetChannels.CHOICE.route(true, false, null)).isEqualTo(Route.THIS);
        assertThat(ResetChannels.CHOICE.route(false, false, null)).isEqualTo(Route.NOBODY);
    }

    @Test
    void theOptionReadsItsThreeValuesAndRefusesOthers() {
        assertThat(ResetChannels.fromConfig(null)).contains(ResetChannels.THIS_ONLY);
        assertThat(ResetChannels.fromConfig(" ")).contains(ResetChannels.THIS_ONLY);
        assertThat(ResetChannels.fromConfig("fallback")).contains(ResetChannels.FALLBACK);
        assertThat(ResetChannels.fromConfig("choice")).contains(ResetChannels.CHOICE);
        assertThat(ResetChannels.fromConfig("both")).isEmpty();
    }
}
