package dev.otpguard.it.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code ~} values of the corpus: what a client does to a genuine signed value (device cookie, action token)
 * before sending it back.
 * <pre>
 * ~genuine                   unchanged (only where the case changes something else)
 * ~append TEXT               TEXT appended
 * ~truncate N                the last N characters cut off
 * ~flip-signature            one character of the signature changed
 * ~flip-payload              one character of the payload changed
 * ~drop-signature            header.payload. (signature removed)
 * ~two-parts                 header.payload (no second dot)
 * ~alg-none                  header alg=none, signature removed
 * ~alg-none-keep-signature   header alg=none, signature kept
 * ~header NAME=VALUE         a header field changed, the old signature kept
 * ~claim NAME=VALUE ...      claims changed, the old signature kept
 * ~sign-with KEYTEXT ALG     claims unchanged, signed with another key (ALG HS256/HS512)
 * ~sign NAME=VALUE ...       claims changed and signed with the realm's own key: a token the server could
 *                            have made, which its checks behind the signature must still refuse
 * </pre>
 * Two more are the page group's own: {@code ~other-user} (the device cookie another user got) and
 * {@code ~other-browser} (the confirmation link of a link, opened in another browser).
 * Claim values: {@code (absent)} removes the claim, {@code past} is an hour ago, {@code future} an hour ahead,
 * digits are numbers, {@code $name} a value of the page group, anything else a string (with the corpus escapes).
 */
final class Transform {

    private Transform() {
    }

    static String apply(String spec, String genuine, byte[] realmKey, Map<String, String> vars) {
        String[] words = spec.substring(1).split(" ", 2);
        String op = words[0];
        String rest = words.length > 1 ? words[1] : "";
        return switch (op) {
            case "genuine" -> genuine;
            case "append" -> genuine + Corpus.decode(rest);
            case "truncate" -> genuine.substring(0, genuine.length() - Integer.parseInt(rest));
            case "flip-signature" -> {
                int dot = genuine.lastIndexOf('.');
                yield genuine.substring(0, dot + 5) + flip(genuine.charAt(dot + 5)) + genuine.substring(dot + 6);
            }
            case "flip-payload" -> {
                int dot = genuine.indexOf('.');
                yield genuine.substring(0, dot + 8) + flip(genuine.charAt(dot + 8)) + genuine.substring(dot + 9);
            }
            case "drop-signature" -> genuine.substring(0, genuine.lastIndexOf('.') + 1);
            case "two-parts" -> genuine.substring(0, genuine.lastIndexOf('.'));
            case "alg-none" -> {
                Jwt jwt = Jwt.parse(genuine);
                jwt.header.put("alg", "none");
                yield jwt.unsigned();
            }
            case "alg-none-keep-signature" -> {
                Jwt jwt = Jwt.parse(genuine);
                jwt.header.put("alg", "none");
                yield jwt.withOldSignature();
            }
            case "header" -> {
                Jwt jwt = Jwt.parse(genuine);
                setAll(jwt.header, rest, vars);
                yield jwt.withOldSignature();
            }
            case "claim" -> {
                Jwt jwt = Jwt.parse(genuine);
                setAll(jwt.payload, rest, vars);
                yield jwt.withOldSignature();
            }
            case "sign-with" -> {
                String[] args = rest.split(" ");
                Jwt jwt = Jwt.parse(genuine);
                yield jwt.signHs(args[1], args[0].getBytes(StandardCharsets.UTF_8));
            }
            case "sign" -> {
                Jwt jwt = Jwt.parse(genuine);
                setAll(jwt.payload, rest, vars);
                yield jwt.signHs(jwt.header.path("alg").asText("HS512"), realmKey);
            }
            default -> throw new IllegalArgumentException("unknown transformation " + spec);
        };
    }

    /** {@code NAME=VALUE NAME=VALUE}; values may not contain spaces (write &#92;u0020). */
    private static void setAll(ObjectNode node, String assignments, Map<String, String> vars) {
        long now = System.currentTimeMillis() / 1000;
        if (assignments.isBlank()) {
            return;
        }
        // spaces separate assignments, except inside a {{repeat N TEXT}}
        for (String assignment : assignments.trim().split(" +(?![^{]*}})")) {
            int eq = assignment.indexOf('=');
            String name = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            switch (value) {
                case "(absent)" -> node.remove(name);
                case "past" -> node.put(name, now - 3600);
                case "future" -> node.put(name, now + 3600);
                default -> {
                    if (value.matches("-?\\d{1,18}")) {
                        node.put(name, Long.parseLong(value));
                    } else if (value.startsWith("$")) {
                        node.put(name, java.util.Objects.requireNonNull(vars.get(value.substring(1)),
                                "no value for " + value));
                    } else {
                        node.put(name, Corpus.decode(value));
                    }
                }
            }
        }
    }

    private static char flip(char c) {
        return c == 'A' ? 'B' : 'A';
    }

    /** Replaces {@code $name} placeholders the page group knows; others (e.g. {@code $ne}) stay literal. */
    static String fill(String text, Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$([a-z][a-z0-9-]*)").matcher(text);
        while (m.find()) {
            String value = vars.get(m.group(1));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
