/**
 * New-device detection: the condition, the remember-device step, the device cookie, the new-device mail and its
 * "this was not me" link.
 */
package dev.otpguard.device;
