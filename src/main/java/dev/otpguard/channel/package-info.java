/**
 * How a code travels: the email channel, the SMS channel and its text, and the SMS options providers share.
 */
package dev.otpguard.channel;
