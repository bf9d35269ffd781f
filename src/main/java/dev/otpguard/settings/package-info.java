/**
 * The realm-wide settings in the admin console: an "OTP Guard" tab under Realm settings (Keycloak's declarative UI)
 * that shows and changes the {@code otpGuard.*} hourly limits and the contact-change listener switch. The realm's
 * attributes and event listeners stay where the settings live; the tab's component is a view of them, kept current
 * when they change elsewhere (admin REST, {@code kcadm}, a realm import).
 */
package dev.otpguard.settings;
