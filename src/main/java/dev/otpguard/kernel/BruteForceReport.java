package dev.otpguard.kernel;

import jakarta.ws.rs.core.UriInfo;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Reports a wrong code to Keycloak's brute-force detector as an OTP failure. The method changed twice: 26.4 and
 * 26.5 take no credential type (every failure counts), 26.6 takes one type as a String, 26.7 a Set of types (and
 * counts only password, OTP and recovery-code failures). It is looked up once per server, so one jar runs on all.
 */
public final class BruteForceReport {

    private static final MethodHandle WITH_TYPES = find(MethodType.methodType(void.class, RealmModel.class,
            UserModel.class, ClientConnection.class, UriInfo.class, Set.class));
    private static final MethodHandle WITH_TYPE = find(MethodType.methodType(void.class, RealmModel.class,
            UserModel.class, ClientConnection.class, UriInfo.class, String.class));
    private static final MethodHandle WITHOUT_TYPES = find(MethodType.methodType(void.class, RealmModel.class,
            UserModel.class, ClientConnection.class, UriInfo.class));

    private BruteForceReport() {
    }

    public static void wrongCode(BruteForceProtector protector, RealmModel realm, UserModel user,
                          ClientConnection connection, UriInfo uriInfo) {
        try {
            if (WITH_TYPES != null) {
                WITH_TYPES.invoke(protector, realm, user, connection, uriInfo, Set.of(OTPCredentialModel.TYPE));
            } else if (WITH_TYPE != null) {
                WITH_TYPE.invoke(protector, realm, user, connection, uriInfo, OTPCredentialModel.TYPE);
            } else if (WITHOUT_TYPES != null) {
                WITHOUT_TYPES.invoke(protector, realm, user, connection, uriInfo);
            } else {
                throw new IllegalStateException("this Keycloak's BruteForceProtector has no known failedLogin");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle find(MethodType type) {
        try {
            return MethodHandles.publicLookup().findVirtual(BruteForceProtector.class, "failedLogin", type);
        } catch (NoSuchMethodException | IllegalAccessException absent) {
            return null;
        }
    }
}
