/**
 * Hourly limits in plain Java: a sliding window counted in slots of a store port, and the limits a send or a wrong
 * code is counted against. Keycloak's store is bound in the kernel.
 */
package dev.otpguard.core.limits;
