/**
 * Core (plain Java): what can happen to a code between our send and the user's phone or inbox, and in which order
 * reports may change what the code page says.
 */
package dev.otpguard.core.delivery;
