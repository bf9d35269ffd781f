package dev.otpguard.step;

import dev.otpguard.kernel.ProviderIds;

/** "Email code": a one-time code mailed to the user's address. */
public final class EmailOtpAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = ProviderIds.EMAIL_STEP;

    public EmailOtpAuthenticatorFactory() {
        super(PROVIDER_ID, StepChannel.EMAIL, "Email code",
                "OTP Guard: sends a one-time code to the user's email address and asks for it. "
                        + "Place it after a first factor (for example the password form).");
    }
}
