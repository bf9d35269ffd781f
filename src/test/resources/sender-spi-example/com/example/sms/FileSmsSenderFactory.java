package com.example.sms;

import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * An SMS sender in a jar of its own, written against OTP Guard's public sender SPI only (docs/dev/sms-sender-spi.md).
 * It "sends" by appending each message to a file, one file per number, in the directory given by the server option
 * {@code --spi-otp-guard-sms-sender--example-file--dir}. Numbers ending in 0000 are refused as invalid, to show how a
 * failure reaches the user. SenderSpiIT compiles this file against the built OTP Guard jar and deploys it.
 */
public final class FileSmsSenderFactory implements SmsSenderFactory {

    public static final String ID = "example-file";

    private Path directory;

    @Override
    public void init(Config.Scope config) {
        String dir = config.get("dir");
        directory = dir == null ? null : Path.of(dir);
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return new SmsSender() {
            @Override
            public void send(SmsMessage message) throws SmsException {
                if (directory == null) {
                    throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "example-file: dir is not set");
                }
                if (message.to().endsWith("0000")) {
                    throw new SmsException(SmsException.Reason.INVALID_NUMBER, "example-file: refused a test number");
                }
                try {
                    Files.createDirectories(directory);
                    Files.writeString(directory.resolve(message.to().replace("+", "") + ".txt"),
                            message.text() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new SmsException(SmsException.Reason.UNAVAILABLE, "example-file: " + e.getClass().getName());
                }
            }
        };
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
