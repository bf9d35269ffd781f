/**
 * What OTP Guard shows and accepts of an address or number, in plain Java: masking, hidden characters, phone
 * number rules (libphonenumber).
 */
package dev.otpguard.core.contact;
