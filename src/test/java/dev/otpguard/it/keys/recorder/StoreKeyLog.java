package dev.otpguard.it.keys.recorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test-only: appends one line per store call of OTP Guard to a file the test reads
 * ({@code operation TAB realm id TAB calling class TAB key}); keys hold no tabs or line breaks.
 */
final class StoreKeyLog {

    private final Path file;

    StoreKeyLog(Path file) {
        this.file = file;
    }

    synchronized void add(String operation, String key, String realmId, String caller) {
        String line = String.join("\t", operation, realmId, caller, key) + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
