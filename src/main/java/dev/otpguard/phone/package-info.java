/**
 * The "Set up phone number" required action: number rules, the page and the SMS that proves the number.
 */
package dev.otpguard.phone;
