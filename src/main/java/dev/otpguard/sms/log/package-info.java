/**
 * A development-only sender that writes SMS into the server log; refused at start-up unless enabled.
 */
package dev.otpguard.sms.log;
