/**
 * Codes at registration: "Verify email with a code" (a code instead of Keycloak's link) and the registration form's
 * "Phone number", stored unverified and proven right after by phone setup.
 */
package dev.otpguard.registration;
