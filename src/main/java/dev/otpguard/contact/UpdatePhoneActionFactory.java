package dev.otpguard.contact;

import dev.otpguard.kernel.ProviderIds;
import java.time.Clock;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

public final class UpdatePhoneActionFactory extends ContactChangeActionFactory {

    public static final String PROVIDER_ID = ProviderIds.UPDATE_PHONE;

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
