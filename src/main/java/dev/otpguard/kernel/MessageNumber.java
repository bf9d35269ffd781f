package dev.otpguard.kernel;

import freemarker.template.TemplateNumberModel;

/**
 * A number that templates pass to {@code msg()} for a plural ({@code {0,choice,1#1 minute|1<{0} minutes}}).
 * Keycloak 26.4 hands FreeMarker's own number models to MessageFormat unchanged, which cannot format them as
 * numbers; newer versions unwrap them. A value that is both a Java {@link Number} and a FreeMarker number reaches
 * MessageFormat as a number on every version, and still works in FreeMarker comparisons and {@code ?c}.
 */
public final class MessageNumber extends Number implements TemplateNumberModel {

    private static final long serialVersionUID = 1L;

    private final long value;

    public MessageNumber(long value) {
        this.value = value;
    }

    @Override
    public Number getAsNumber() {
        return value;
    }

    @Override
    public int intValue() {
        return (int) value;
    }

    @Override
    public long longValue() {
        return value;
    }

    @Override
    public float floatValue() {
        return value;
    }

    @Override
    public double doubleValue() {
        return value;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageNumber n && n.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }
}
