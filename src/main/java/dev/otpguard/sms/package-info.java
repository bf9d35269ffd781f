/**
 * The published SMS-sender SPI (third parties compile against these names): a sender, its factory, the SPI and
 * the message. Implementations live in sub-packages.
 */
package dev.otpguard.sms;
