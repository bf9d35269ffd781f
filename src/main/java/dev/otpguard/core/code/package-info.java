/**
 * The rules of one-time codes in plain Java: how a code is made, bound to its login and destination, checked,
 * tried and resent. No Keycloak type appears here, so every rule is unit-tested without a server.
 */
package dev.otpguard.core.code;
