/**
 * The login code steps "Email code" and "SMS code": one authenticator base for both channels, their factories and
 * options. In the reset-credentials flow the same steps delegate to the reset package.
 */
package dev.otpguard.step;
