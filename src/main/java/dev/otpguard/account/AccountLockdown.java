package dev.otpguard.account;

import dev.otpguard.account.KnownDeviceStore;
import dev.otpguard.kernel.ProviderIds;
import dev.otpguard.account.PhoneAttributes;
import java.util.List;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * What every "this wasn't me" link does to take an account back from someone who signed in as its owner: end
 * all of the user's sessions, forget every known device and require a new password at the next sign-in.
 */
public final class AccountLockdown {

    private AccountLockdown() {
    }

    /**
     * @param newSecondFactor also remove authenticator-app credentials and unverify the phone number, for when
     *                        the intruder may have enrolled their own
     */
    public static void apply(KeycloakSession session, RealmModel realm, UserModel user, boolean newSecondFactor) {
        session.sessions().getUserSessionsStream(realm, user).toList()
                .forEach(userSession -> AuthenticationManager.backchannelLogout(session, userSession, true));
        KnownDeviceStore devices = new KnownDeviceStore(user);
        devices.all().forEach(devices::forget);
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        if (newSecondFactor) {
            resetSecondFactor(realm, user);
        }
    }

    private static void resetSecondFactor(RealmModel realm, UserModel user) {
        List<String> otp = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(CredentialModel::getId).toList();
        otp.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        if (!otp.isEmpty()) {
            user.addRequiredAction(UserModel.RequiredAction.CONFIGURE_TOTP);
        }
        if (PhoneAttributes.verifiedNumber(user).isPresent()) {
            user.setSingleAttribute(PhoneAttributes.PHONE_NUMBER_VERIFIED, "false");
            if (realm.getRequiredActionProviderByAlias(ProviderIds.PHONE_SETUP) != null) {
                user.addRequiredAction(ProviderIds.PHONE_SETUP);
            }
        }
    }
}
