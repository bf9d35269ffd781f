/**
 * Password-reset routing in plain Java: which channel a reset code goes by, and whom a send or guess counts
 * against, including the phantom recipient of an unknown account.
 */
package dev.otpguard.core.reset;
