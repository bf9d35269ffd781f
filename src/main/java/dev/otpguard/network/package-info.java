/**
 * "Condition - network": ask for a code only outside (or only inside) the networks an admin names, by the client
 * address Keycloak itself trusts.
 */
package dev.otpguard.network;
