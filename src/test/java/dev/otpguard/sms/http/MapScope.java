package dev.otpguard.sms.http;

import java.util.Map;
import java.util.Set;
import org.keycloak.Config;

/** Server options from a map, as Keycloak hands them to a provider factory. */
final class MapScope implements Config.Scope {

    private final Map<String, String> values;

    MapScope(Map<String, String> values) {
        this.values = values;
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    @Override
    public String[] getArray(String key) {
        String value = values.get(key);
        return value == null ? null : value.split(",");
    }

    @Override
    public Integer getInt(String key) {
        return values.containsKey(key) ? Integer.valueOf(values.get(key)) : null;
    }

    @Override
    public Integer getInt(String key, Integer defaultValue) {
        return values.containsKey(key) ? Integer.valueOf(values.get(key)) : defaultValue;
    }

    @Override
    public Long getLong(String key) {
        return values.containsKey(key) ? Long.valueOf(values.get(key)) : null;
    }

    @Override
    public Long getLong(String key, Long defaultValue) {
        return values.containsKey(key) ? Long.valueOf(values.get(key)) : defaultValue;
    }

    @Override
    public Boolean getBoolean(String key) {
        return values.containsKey(key) ? Boolean.valueOf(values.get(key)) : null;
    }

    @Override
    public Boolean getBoolean(String key, Boolean defaultValue) {
        return values.containsKey(key) ? Boolean.valueOf(values.get(key)) : defaultValue;
    }

    @Override
    public Config.Scope scope(String... scope) {
        return new MapScope(Map.of());
    }

    @Override
    public Config.Scope root() {
        return this;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }
}
