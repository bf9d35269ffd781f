/**
 * The {@code http} SMS sender: one configurable HTTP request per message, for gateways with a REST API (Sinch,
 * Infobip, Vonage, in-house gateways). Server options only; secrets from Keycloak's vault.
 */
package dev.otpguard.sms.http;
