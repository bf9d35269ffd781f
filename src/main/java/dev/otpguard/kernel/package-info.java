/**
 * Keycloak glue that no feature owns: provider ids, event error names, the admin-console adapter for options,
 * brute-force reporting, the Keycloak binding of the hourly limits, mail and notice helpers, the confirm-first
 * action-token handler. It imports core and the SMS SPI, never a feature.
 */
package dev.otpguard.kernel;
