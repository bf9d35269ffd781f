/**
 * Confirmed contact changes: "Update email (confirmed)", "Update phone number (confirmed)", the listener that tells
 * the old contact about changes made elsewhere, and the undo link.
 */
package dev.otpguard.contact;
