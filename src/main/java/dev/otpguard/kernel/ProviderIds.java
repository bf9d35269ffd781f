package dev.otpguard.kernel;

/**
 * Every id under which OTP Guard registers something with Keycloak. Admins' flows, realm exports and links
 * already sent by mail name them, so they never change; a feature that needs another feature's id reads it
 * here instead of importing that feature.
 */
public final class ProviderIds {

    /** Authenticator: the email code step (sign-in and password reset). */
    public static final String EMAIL_STEP = "otp-guard-email";
    /** Authenticator: the SMS code step (sign-in and password reset). */
    public static final String SMS_STEP = "otp-guard-sms";
    /** Conditional authenticator: true on a browser OTP Guard has not seen for this user. */
    public static final String NEW_DEVICE_CONDITION = "otp-guard-condition-new-device";
    /** Conditional authenticator: true when the client address is in one of the configured networks. */
    public static final String NETWORK_CONDITION = "otp-guard-condition-network";
    /** Authenticator: remembers the browser once the flow before it succeeded. */
    public static final String REMEMBER_DEVICE = "otp-guard-device-remember";
    /** Required action: enrol a phone number proven by an SMS code. */
    public static final String PHONE_SETUP = "otp-guard-phone-setup";
    /** Required action: change the email address, proven by codes to the current and the new one. */
    public static final String UPDATE_EMAIL = "otp-guard-update-email";
    /** Required action: change the phone number, proven by codes to the current and the new one. */
    public static final String UPDATE_PHONE = "otp-guard-update-phone";
    /** Required action: verify the email address with a code typed back, instead of Keycloak's link. */
    public static final String VERIFY_EMAIL = "otp-guard-verify-email";
    /** Registration form action: a phone number on Keycloak's registration form, proven right after by phone setup. */
    public static final String REGISTRATION_PHONE = "otp-guard-registration-phone";
    /** Required action: after a sign-in with a code, offer a passkey to users who have none. */
    public static final String PASSKEY_NUDGE = "otp-guard-passkey-nudge";
    /** User-profile validator: a phone number changes only through a code, never by editing the profile. */
    public static final String PHONE_EDIT_GUARD = "otp-guard-phone-edit";
    /** Event listener: notices to the old contact when an email or phone number changes. */
    public static final String CONTACT_CHANGE_LISTENER = "otp-guard-contact-change";
    /** Credential provider and credential type of remembered browsers. */
    public static final String DEVICE_CREDENTIAL = "otp-guard-device";
    /** Action token: the "this wasn't me" link of a new-device mail. */
    public static final String NOT_ME_TOKEN = "otp-guard-not-me";
    /** Action token: the undo link sent to the old contact after a change. */
    public static final String REVERT_CONTACT_TOKEN = "otp-guard-revert-contact";
    /** Realm resource: {@code /realms/{realm}/otp-guard/...}, gateways' status callbacks and the page's status. */
    public static final String REALM_RESOURCE = "otp-guard";
    /** Admin console tab (declarative UI): the realm-wide settings under Realm settings; its component's provider. */
    public static final String SETTINGS_TAB = "otp-guard-settings";
    /** Event listener, global: keeps the settings tab current when the realm changes through admin REST. */
    public static final String SETTINGS_VIEW = "otp-guard-settings-view";

    private ProviderIds() {
    }
}
