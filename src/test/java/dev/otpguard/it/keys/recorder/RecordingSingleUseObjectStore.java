package dev.otpguard.it.keys.recorder;

import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Test-only: Keycloak's own single-use-object store, unchanged, that writes down every key OTP Guard's code passes
 * to it and the realm the request was for. The caller is read from the stack, so a key is attributed to OTP Guard
 * only when a class of the product (not of the tests) called the store.
 */
final class RecordingSingleUseObjectStore implements SingleUseObjectProvider {

    private final KeycloakSession session;
    private final SingleUseObjectProvider delegate;
    private final StoreKeyLog log;

    RecordingSingleUseObjectStore(KeycloakSession session, SingleUseObjectProvider delegate, StoreKeyLog log) {
        this.session = session;
        this.delegate = delegate;
        this.log = log;
    }

    private void record(String operation, String key) {
        String caller = StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> !name.startsWith(RecordingSingleUseObjectStore.class.getPackageName()))
                .filter(name -> !name.startsWith("java.") && !name.startsWith("jdk."))
                .findFirst().orElse("?"));
        if (caller.startsWith("dev.otpguard.")) {
            RealmModel realm = session.getContext().getRealm();
            log.add(operation, key, realm == null ? "" : realm.getId(), caller);
        }
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        record("put", key);
        delegate.put(key, lifespanSeconds, notes);
    }

    @Override
    public Map<String, String> get(String key) {
        record("get", key);
        return delegate.get(key);
    }

    @Override
    public Map<String, String> remove(String key) {
        record("remove", key);
        return delegate.remove(key);
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        record("replace", key);
        return delegate.replace(key, notes);
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanInSeconds) {
        record("putIfAbsent", key);
        return delegate.putIfAbsent(key, lifespanInSeconds);
    }

    @Override
    public boolean contains(String key) {
        record("contains", key);
        return delegate.contains(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
