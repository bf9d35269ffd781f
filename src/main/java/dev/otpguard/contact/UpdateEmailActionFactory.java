package dev.otpguard.contact;

import dev.otpguard.kernel.ProviderIds;
import java.time.Clock;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

public final class UpdateEmailActionFactory extends ContactChangeActionFactory {

    public static final String PROVIDER_ID = ProviderIds.UPDATE_EMAIL;

    public UpdateEmailActionFactory() {
        super(ContactKind.EMAIL);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Update email (confirmed)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new UpdateEmailAction(random, Clock.systemUTC());
    }
}
