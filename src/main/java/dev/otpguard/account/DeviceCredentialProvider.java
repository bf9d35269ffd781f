package dev.otpguard.account;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Makes known devices a credential type, so users can see and remove them in the account console and admins
 * in the user's Credentials tab. Removing one makes that browser a new device again.
 */
public final class DeviceCredentialProvider implements CredentialProvider<DeviceCredentialModel> {

    private final KeycloakSession session;

    DeviceCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return DeviceCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, DeviceCredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public DeviceCredentialModel getCredentialFromModel(CredentialModel model) {
        DeviceCredentialModel device = new DeviceCredentialModel();
        device.setId(model.getId());
        device.setType(model.getType());
        device.setUserLabel(model.getUserLabel());
        device.setCreatedDate(model.getCreatedDate());
        device.setSecretData(model.getSecretData());
        device.setCredentialData(model.getCredentialData());
        return device;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("otpGuardDevicesTitle")
                .helpText("otpGuardDevicesHelp")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .removeable(true)
                .build(session);
    }
}
