/**
 * Senders for Twilio Programmable Messaging and Twilio Verify; the vendor code stays package-private.
 */
package dev.otpguard.sms.twilio;
