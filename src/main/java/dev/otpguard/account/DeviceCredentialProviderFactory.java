package dev.otpguard.account;

import dev.otpguard.kernel.ProviderIds;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public final class DeviceCredentialProviderFactory implements CredentialProviderFactory<DeviceCredentialProvider> {

    public static final String PROVIDER_ID = ProviderIds.DEVICE_CREDENTIAL;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider<?> create(KeycloakSession session) {
        return new DeviceCredentialProvider(session);
    }
}
