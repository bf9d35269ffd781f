/**
 * Password reset with a code: reset options, who the reset is for, the choice page, completion and the notice on
 * the other channel.
 */
package dev.otpguard.reset;
