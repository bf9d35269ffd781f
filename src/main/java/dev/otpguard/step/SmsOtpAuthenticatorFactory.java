package dev.otpguard.step;

import dev.otpguard.kernel.ProviderIds;

/** "SMS code": a one-time code sent by text message to the user's verified phone number. */
public final class SmsOtpAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = ProviderIds.SMS_STEP;

    public SmsOtpAuthenticatorFactory() {
        super(PROVIDER_ID, StepChannel.SMS, "SMS code",
                "OTP Guard: sends a one-time code by SMS to the user's verified phone number and asks for it. "
                        + "Place it after a first factor.");
    }
}
