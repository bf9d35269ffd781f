/**
 * Known-device policy in plain Java: which remembered browsers still count, how many a user keeps.
 */
package dev.otpguard.core.device;
