package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds a realm for one test (class) and imports it: a public client, users, the realm's SMTP pointed at
 * GreenMail, and a browser flow "password, then email code" in the placement the test needs.
 */
public final class RealmSetup {

    public static final String CLIENT_ID = "test-app";
    public static final String REDIRECT_URI = "http://localhost:1/callback";
    public static final String PASSWORD = "Secret-pass-1";
    /**
     * TOTP secret of the users given an authenticator app by {@link #withTotp()}. The credential has no
     * secretEncoding, so Keycloak uses this text's UTF-8 bytes as the HMAC key (an app would get their base32).
     */
    public static final String TOTP_SECRET = "JBSWY3DPEHPK3PXP";

    /**
     * Where the code step sits: alone after the password, beside TOTP, in a conditional sub-flow, or behind
     * "Condition - new device" with "Remember device and alert" at the end of the flow.
     */
    /** Where the code step sits; NEW_DEVICE_WITH_SSO is NEW_DEVICE behind Keycloak's SSO-cookie step. */
    /** EMAIL_OR_SMS: the email and the SMS step as alternatives of one sub-flow ("try another way" between them). */
    public enum Placement { REQUIRED, ALTERNATIVE_WITH_TOTP, CONDITIONAL_SUBFLOW, NEW_DEVICE, NEW_DEVICE_WITH_SSO,
        PASSWORD_ONLY, EMAIL_OR_SMS, NETWORK, PASSKEY_OR_CODE }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> config = new LinkedHashMap<>();
    private Placement placement = Placement.REQUIRED;
    private List<String> locales = List.of("en", "de");
    private int smtpPort;
    private final Map<String, String> smtpSettings = new LinkedHashMap<>();
    private boolean bruteForce;
    private int quickLoginCheckMillis = 1;
    private boolean totpUsers;
    private boolean strictScripts;
    private String stepId = "otp-guard-email";
    private final Map<String, String> phoneSetupConfig = new LinkedHashMap<>();
    private boolean phoneSetup;
    private final Map<String, String> deviceConfig = new LinkedHashMap<>();
    private final Map<String, String> networkConfig = new LinkedHashMap<>();
    private ObjectNode components;
    private boolean contactListener;
    private boolean eventLogging = true;
    private boolean eventsSaved = true;
    private boolean fixedSigningKey;
    private String loginTheme;
    private String displayName;
    private final Map<String, String> realmAttributes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> requiredActions = new LinkedHashMap<>();
    private final ArrayNode users = JSON.createArrayNode();
    private String resetStep;
    private final Map<String, String> resetConfig = new LinkedHashMap<>();

    public static RealmSetup realm(TestEnvironment.Env env) {
        return realm(env.mailbox);
    }

    /** A realm whose SMTP server is this mailbox (for servers other than the shared test server). */
    public static RealmSetup realm(Mailbox mailbox) {
        RealmSetup setup = new RealmSetup();
        setup.smtpPort = mailbox.port();
        return setup;
    }

    public RealmSetup config(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** The code step the flow uses: otp-guard-email (default) or otp-guard-sms. */
    public RealmSetup step(String stepId) {
        this.stepId = stepId;
        return this;
    }

    /** Registers the phone setup required action with this configuration. */
    public RealmSetup phoneSetup(Map<String, String> config) {
        this.phoneSetup = true;
        this.phoneSetupConfig.putAll(config);
        return this;
    }

    /** Components of the realm import, e.g. an LDAP user federation ({@link LdapDirectory#federationComponents}). */
    public RealmSetup components(ObjectNode components) {
        this.components = components;
        return this;
    }

    /** An option of "Condition - network" (NETWORK placement). */
    public RealmSetup networkConfig(String key, String value) {
        networkConfig.put(key, value);
        return this;
    }

    /** An option of the "Remember device and alert" step (NEW_DEVICE placement). */
    public RealmSetup deviceConfig(String key, String value) {
        deviceConfig.put(key, value);
        return this;
    }

    /** A realm attribute, e.g. one of OTP Guard's hourly limits ({@code otpGuard.sendsPerUserPerHour}). */
    public RealmSetup realmAttribute(String key, String value) {
        realmAttributes.put(key, value);
        return this;
    }

    /**
     * Drops Keycloak's jboss-logging event listener: for tests of Keycloak's own events, which log full
     * addresses that ServerLogIT would rightly flag (our events are masked, Keycloak's are not ours to mask).
     */
    public RealmSetup withoutEventLogging() {
        this.eventLogging = false;
        return this;
    }

    /**
     * Events go to the listeners but are not saved in the database: for the benchmark, whose long runs would
     * otherwise fill the in-memory dev database (and the heap it lives in) with login events.
     */
    public RealmSetup withoutSavedEvents() {
        this.eventsSaved = false;
        return this;
    }

    /**
     * Signs action tokens with a fixed HMAC key (highest priority), so a second server that imports the same
     * realm accepts the links this one mails: for running a link on a server whose clock is ahead.
     */
    public RealmSetup fixedSigningKey() {
        this.fixedSigningKey = true;
        return this;
    }

    /** The name pages and mails show instead of the random realm name (stable screenshots). */
    public RealmSetup displayName(String name) {
        this.displayName = name;
        return this;
    }

    /** The realm's login theme (Keycloak's default keycloak.v2 when not set). */
    /** The realm's supported locales (default en and de). */
    public RealmSetup locales(String... tags) {
        this.locales = List.of(tags);
        return this;
    }

    public RealmSetup loginTheme(String theme) {
        this.loginTheme = theme;
        return this;
    }

    /** Enables the contact-change event listener (otp-guard-contact-change) in the realm. */
    public RealmSetup contactListener() {
        this.contactListener = true;
        return this;
    }

    /** Registers one of OTP Guard's required actions (by provider id) with this configuration. */
    public RealmSetup requiredAction(String providerId, Map<String, String> config) {
        requiredActions.put(providerId, new LinkedHashMap<>(config));
        return this;
    }

    /**
     * Makes the realm's reset-credentials flow "Choose user, then this code step, then Reset password" (the
     * README's recipe), with "Forgot password?" on the login page.
     */
    public RealmSetup resetByCode(String stepId) {
        this.resetStep = stepId;
        return this;
    }

    /** An option of the code step in the reset flow. */
    public RealmSetup resetConfig(String key, String value) {
        resetConfig.put(key, value);
        return this;
    }

    public RealmSetup placement(Placement placement) {
        this.placement = placement;
        return this;
    }

    public RealmSetup smtpPort(int port) {
        this.smtpPort = port;
        return this;
    }

    /**
     * One more key of the realm's SMTP settings, e.g. Keycloak's {@code timeout}, {@code connectionTimeout} and
     * {@code writeTimeout} (milliseconds, 10000 each when absent; see DefaultEmailSenderProvider).
     */
    public RealmSetup smtpSetting(String key, String value) {
        smtpSettings.put(key, value);
        return this;
    }

    /** The realm's SMTP settings with the mail server at {@code port}: for import, or for a later admin PUT. */
    public Map<String, String> smtpServer(int port) {
        Map<String, String> smtp = new LinkedHashMap<>();
        smtp.put("host", "127.0.0.1");
        smtp.put("port", Integer.toString(port));
        smtp.put("from", "noreply@otpguard.test");
        smtp.put("fromDisplayName", "OTP Guard tests");
        smtp.putAll(smtpSettings);
        return smtp;
    }

    /** Keycloak's brute-force detector: 3 failures lock the user for a minute. */
    public RealmSetup bruteForce() {
        this.bruteForce = true;
        return this;
    }

    /**
     * Keycloak's detector with its own default "quick login check" (two failures within 1000 ms lock the user):
     * for tests of posts in quick succession, where a second counted failure would show at once.
     */
    public RealmSetup bruteForceWithQuickLoginCheck() {
        this.bruteForce = true;
        this.quickLoginCheckMillis = 1000;
        return this;
    }

    /** A Content-Security-Policy that allows scripts from the server only: inline scripts would not run. */
    public RealmSetup strictScriptPolicy() {
        this.strictScripts = true;
        return this;
    }

    public RealmSetup withTotp() {
        this.totpUsers = true;
        return this;
    }

    public RealmSetup user(String username, String email) {
        return user(username, email, null);
    }

    public RealmSetup user(String username, String email, String locale) {
        return user(username, email, locale, null);
    }

    /** A user; {@code phone}, when given, is stored as the user's verified phone number. */
    public RealmSetup user(String username, String email, String locale, String phone) {
        ObjectNode user = users.addObject();
        user.put("username", username).put("enabled", true).put("firstName", "Test").put("lastName", "User");
        if (email != null) {
            user.put("email", email).put("emailVerified", true);
        }
        ObjectNode attributes = user.putObject("attributes");
        if (locale != null) {
            attributes.putArray("locale").add(locale);
        }
        if (phone != null) {
            attributes.putArray("phone_number").add(phone);
            attributes.putArray("phone_number_verified").add("true");
        }
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        if (totpUsers) {
            credentials.addObject().put("type", "otp").put("userLabel", "app")
                    .put("secretData", "{\"value\":\"" + TOTP_SECRET + "\"}")
                    .put("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                            + "\"algorithm\":\"HmacSHA1\"}");
        }
        return this;
    }

    public String name() {
        return name;
    }

    /**
     * The HS512 secret of {@link #fixedSigningKey()} (key id {@value #FIXED_KEY_ID}): with it a test can sign
     * tokens exactly as the realm does (device cookies, action tokens), to probe checks behind the signature.
     */
    public byte[] fixedSigningSecret() {
        return ("otp-guard-test-key-" + name + "-0123456789abcdef0123456789abcdef0123456789")
                .substring(0, 64).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static final String FIXED_KEY_ID = "otp-guard-test-fixed";

    public ObjectNode toJson() {
        ObjectNode realm = JSON.createObjectNode();
        realm.put("realm", name).put("enabled", true).put("eventsEnabled", eventsSaved)
                .put("internationalizationEnabled", true).put("defaultLocale", "en")
                // Keycloak's own browser flow (cookie, then password) when no code step is wanted: SSO works there
                .put("browserFlow", placement == Placement.PASSWORD_ONLY ? "browser" : BrowserFlows.BROWSER_FLOW);
        ArrayNode supported = realm.putArray("supportedLocales");
        locales.forEach(supported::add);
        if (displayName != null) {
            realm.put("displayName", displayName);
        }
        if (loginTheme != null) {
            realm.put("loginTheme", loginTheme);
        }
        if (fixedSigningKey) {
            ObjectNode hmac = realm.putObject("components").putArray("org.keycloak.keys.KeyProvider").addObject();
            hmac.put("name", "test-fixed-hmac").put("providerId", "hmac-generated");
            ObjectNode keyConfig = hmac.putObject("config");
            keyConfig.putArray("priority").add("500");
            keyConfig.putArray("kid").add(FIXED_KEY_ID);
            keyConfig.putArray("algorithm").add("HS512");
            keyConfig.putArray("secretSize").add("64");
            keyConfig.putArray("secret").add(java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(fixedSigningSecret()));
        }
        if (!realmAttributes.isEmpty()) {
            realm.set("attributes", JSON.valueToTree(realmAttributes));
        }
        if (components != null) {
            ObjectNode target = realm.has("components") ? (ObjectNode) realm.get("components")
                    : realm.putObject("components");
            target.setAll(components.deepCopy());
        }
        if (contactListener || !eventLogging) {
            ArrayNode listeners = realm.putArray("eventsListeners");
            if (eventLogging) {
                listeners.add("jboss-logging");
            }
            if (contactListener) {
                listeners.add("otp-guard-contact-change");
            }
        }
        realm.set("smtpServer", JSON.valueToTree(smtpServer(smtpPort)));
        if (bruteForce) {
            realm.put("bruteForceProtected", true).put("failureFactor", 3).put("permanentLockout", false)
                    .put("waitIncrementSeconds", 60).put("maxFailureWaitSeconds", 900)
                    .put("maxDeltaTimeSeconds", 43200).put("quickLoginCheckMilliSeconds", quickLoginCheckMillis)
                    .put("minimumQuickLoginWaitSeconds", 60);
        }
        if (strictScripts) {
            realm.putObject("browserSecurityHeaders").put("contentSecurityPolicy",
                    "frame-src 'self'; frame-ancestors 'self'; object-src 'none'; script-src 'self'");
        }
        ObjectNode client = realm.putArray("clients").addObject();
        client.put("clientId", CLIENT_ID).put("publicClient", true).put("standardFlowEnabled", true)
                .put("directAccessGrantsEnabled", false);
        client.putArray("redirectUris").add(REDIRECT_URI + "*");
        realm.set("users", users);

        ArrayNode configs = realm.putArray("authenticatorConfig");
        configs.addObject().put("alias", "email-code").set("config", JSON.valueToTree(config));
        configs.addObject().put("alias", "device").set("config", JSON.valueToTree(deviceConfig));
        configs.addObject().put("alias", "network").set("config", JSON.valueToTree(networkConfig));
        ArrayNode flows = realm.putArray("authenticationFlows");
        if (resetStep != null) {
            realm.put("resetPasswordAllowed", true).put("resetCredentialsFlow", BrowserFlows.RESET_FLOW);
            configs.addObject().put("alias", "reset-code").set("config", JSON.valueToTree(resetConfig));
            new BrowserFlows(flows).resetByCode(resetStep, "reset-code");
        }
        new BrowserFlows(flows).browser(placement, stepId, "email-code", "device");
        return realm;
    }

    /** Imports the realm and returns its name. */
    public String create(TestEnvironment.Env env) {
        return create(env.admin);
    }

    /** Imports the realm through this admin API and returns its name. */
    public String create(Admin admin) {
        admin.createRealm(toJson());
        admin.declarePhoneAttributes(name);
        if (phoneSetup) {
            admin.registerPhoneSetup(name, phoneSetupConfig);
        }
        requiredActions.forEach((id, actionConfig) -> admin.registerRequiredAction(name, id, actionConfig));
        return name;
    }
}
