/**
 * Delivery you can see: the realm resource {@code /realms/{realm}/otp-guard/} that takes Twilio's signed delivery
 * status callbacks and tells the code page where its code is.
 */
package dev.otpguard.delivery;
