package dev.otpguard.bench;

import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.RealmSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The realms the scenarios run against. They are built alike and differ only in the browser flow: the same
 * SMTP server, the same users (own address, own verified phone number), the same code and device options, events
 * not saved, and every hourly limit of OTP Guard raised so that no send is ever refused during a run.
 */
final class BenchRealms {

    /**
     * OTP Guard's hourly limits (docs/admin/hourly-limits.md), raised for load from one IP address.
     * Limits are found by binary search over claimed slots, so higher limits cost a few more cache lookups per
     * send (log2 of the limit per limit), which the report mentions.
     */
    static final Map<String, String> LIMITS_THAT_NEVER_REFUSE = Map.of(
            "otpGuard.sendsPerUserPerHour", "100000",
            "otpGuard.sendsPerDestinationPerHour", "100000",
            "otpGuard.sendsPerIpPerHour", "1000000",
            "otpGuard.sendsPerRealmPerHour", "1000000",
            "otpGuard.smsPerRealmPerHour", "1000000",
            "otpGuard.failedCodesPerUserPerHour", "100");

    /** Known devices per user: above the 50 of the many-devices users, so none is forgotten. */
    static final String MAX_DEVICES = "100";

    final String passwordRealm;
    final String totpRealm;
    final String emailRealm;
    final String smsRealm;
    final String deviceRealm;

    final List<BenchUser> passwordUsers;
    final List<BenchUser> totpUsers;
    final List<BenchUser> emailUsers;
    final List<BenchUser> smsUsers;
    final List<BenchUser> stalledSmsUsers;
    final List<BenchUser> deviceUsers;
    final List<BenchUser> manyDeviceUsers;

    private BenchRealms(Admin admin, Mailbox mailbox, int smtpPort, BenchSettings settings) {
        int n = settings.usersPerRealm();
        passwordUsers = users("pw", 1, n);
        totpUsers = users("totp", 2, settings.totpUsers());
        emailUsers = users("mail", 3, n);
        smsUsers = users("sms", 4, n);
        stalledSmsUsers = users("stall", 9, settings.stallUsers());
        deviceUsers = users("dev", 5, n);
        manyDeviceUsers = users("many", 6, settings.deviceUsers());
        // Imports hash every password, which takes a while for the TOTP pool: the realms are imported side by side.
        var password = importing(admin, base(mailbox, smtpPort).placement(RealmSetup.Placement.PASSWORD_ONLY), passwordUsers);
        var totp = importing(admin, base(mailbox, smtpPort).withTotp().step("auth-otp-form")
                .placement(RealmSetup.Placement.REQUIRED), totpUsers);
        var email = importing(admin, base(mailbox, smtpPort).step("otp-guard-email")
                .placement(RealmSetup.Placement.REQUIRED), emailUsers);
        var sms = importing(admin, base(mailbox, smtpPort).step("otp-guard-sms").placement(RealmSetup.Placement.REQUIRED),
                concat(smsUsers, stalledSmsUsers));
        var device = importing(admin, base(mailbox, smtpPort).step("otp-guard-email")
                .placement(RealmSetup.Placement.NEW_DEVICE), concat(deviceUsers, manyDeviceUsers));
        passwordRealm = password.join();
        totpRealm = totp.join();
        emailRealm = email.join();
        smsRealm = sms.join();
        deviceRealm = device.join();
    }

    /** @param smtpPort where the realms send mail: GreenMail itself, or a slow relay in front of it */
    static BenchRealms create(Admin admin, Mailbox mailbox, int smtpPort, BenchSettings settings) {
        return new BenchRealms(admin, mailbox, smtpPort, settings);
    }

    List<String> all() {
        return List.of(passwordRealm, totpRealm, emailRealm, smsRealm, deviceRealm);
    }

    private static RealmSetup base(Mailbox mailbox, int smtpPort) {
        RealmSetup setup = RealmSetup.realm(mailbox).smtpPort(smtpPort).withoutSavedEvents().deviceConfig("maxDevices", MAX_DEVICES);
        LIMITS_THAT_NEVER_REFUSE.forEach(setup::realmAttribute);
        return setup;
    }

    private static CompletableFuture<String> importing(Admin admin, RealmSetup setup, List<BenchUser> users) {
        users.forEach(u -> setup.user(u.username(), u.email(), null, u.phone()));
        return CompletableFuture.supplyAsync(() -> setup.create(admin));
    }

    private static List<BenchUser> concat(List<BenchUser> a, List<BenchUser> b) {
        List<BenchUser> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Users with addresses and numbers unique across realms, so concurrent scenarios never share an inbox. */
    private static List<BenchUser> users(String prefix, int realmNumber, int count) {
        List<BenchUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(new BenchUser(prefix + "-" + i, prefix + "-" + i + "@bench.test",
                    String.format("+49151%02d%06d", realmNumber, i)));
        }
        return users;
    }
}
