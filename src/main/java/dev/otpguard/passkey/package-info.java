/**
 * The nudge to passkeys: after a sign-in with an email or SMS code, users without a passkey are offered one, once
 * per "Not now" period.
 */
package dev.otpguard.passkey;
