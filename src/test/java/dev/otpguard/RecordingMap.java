package dev.otpguard;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A read-only map that remembers every key it was asked for, so a test can learn which option names a parser
 * really reads, whatever they are called in its source.
 */
final class RecordingMap extends AbstractMap<String, String> {

    private final Map<String, String> values;
    private final Set<String> asked = new LinkedHashSet<>();

    RecordingMap(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** The keys looked up so far. */
    Set<String> askedKeys() {
        return Set.copyOf(asked);
    }

    @Override
    public String get(Object key) {
        asked.add(String.valueOf(key));
        return values.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
        asked.add(String.valueOf(key));
        return values.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
        asked.add(String.valueOf(key));
        return values.containsKey(key);
    }

    /** Iterating the entries is not a lookup: a parser that copies the map has not read any option yet. */
    @Override
    public Set<Entry<String, String>> entrySet() {
        return values.entrySet();
    }
}
