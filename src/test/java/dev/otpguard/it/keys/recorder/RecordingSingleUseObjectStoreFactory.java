package dev.otpguard.it.keys.recorder;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.SingleUseObjectProviderFactory;
import org.keycloak.provider.ProviderFactory;

/**
 * Test-only: made the default single-use-object store by {@code --spi-single-use-object--provider-default}, it
 * hands out Keycloak's infinispan store wrapped in a recorder that writes to the file of its {@code file} option. The infinispan factory is looked up by id (the
 * default provider is this one, so asking the session for "the" store would recurse).
 */
public final class RecordingSingleUseObjectStoreFactory
        implements SingleUseObjectProviderFactory<RecordingSingleUseObjectStore> {

    public static final String ID = "otp-guard-test-recording";

    private ProviderFactory<SingleUseObjectProvider> keycloaks;
    private StoreKeyLog log;

    @Override
    public RecordingSingleUseObjectStore create(KeycloakSession session) {
        return new RecordingSingleUseObjectStore(session, keycloaks.create(session), log);
    }

    @Override
    public void init(Config.Scope config) {
        // --spi-single-use-object--otp-guard-test-recording--file=<path>
        String file = config.get("file");
        if (file == null) {
            throw new IllegalStateException("the test-only store recorder needs its 'file' option");
        }
        log = new StoreKeyLog(java.nio.file.Path.of(file));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void postInit(KeycloakSessionFactory factory) {
        keycloaks = (ProviderFactory<SingleUseObjectProvider>) factory.getProviderFactory(SingleUseObjectProvider.class,
                "infinispan");
        if (keycloaks == null) {
            throw new IllegalStateException("Keycloak's infinispan single-use-object store is not there to wrap");
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
