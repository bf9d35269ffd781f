package dev.otpguard.kernel;

import freemarker.template.TemplateScalarModel;

/**
 * Text that a template must print exactly as it is: what a user typed, a masked address, a device label, a realm's
 * display name. Keycloak's {@code msg()} reads a parameter that is a plain string as a message when it contains
 * {@code ${...}} (so a username typed as {@code ${someKey}} would show that message, and {@code ${7*7}} would lose
 * its braces); a scalar of this type is not a plain string, so MessageFormat receives it unchanged and prints its
 * {@link #toString()}. Printed directly ({@code ${value}}) it is an ordinary scalar, HTML-escaped by the theme.
 */
public final class LiteralText implements TemplateScalarModel {

    private final String text;

    private LiteralText(String text) {
        this.text = text;
    }

    /** @return null for null, so templates can still test {@code value??} */
    public static LiteralText of(String text) {
        return text == null ? null : new LiteralText(text);
    }

    @Override
    public String getAsString() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LiteralText l && l.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
