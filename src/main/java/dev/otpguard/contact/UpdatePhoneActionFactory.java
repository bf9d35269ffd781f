package dev.otpguard.contact;

import java.time.Clock;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

public final class UpdatePhoneActionFactory extends ContactChangeActionFactory {

    public static final String PROVIDER_ID = "otp-guard-update-phone";

    public UpdatePhoneActionFactory() {
        super(ContactKind.PHONE);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Update phone number (confirmed)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new UpdatePhoneAction(random, Clock.systemUTC());
    }
}
