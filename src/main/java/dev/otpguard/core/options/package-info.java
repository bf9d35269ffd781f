/**
 * Admin options in plain Java: the one way to declare an option (name, label, help, kind, default, choices),
 * groups joined by union, and the readers that refuse a wrong value with a message naming the option.
 */
package dev.otpguard.core.options;
