/**
 * What OTP Guard keeps on a user: phone attributes, remembered devices (credential type and store), the user
 * profile declaration, and the account lockdown after a "this was not me" with the signed link that asks for it.
 */
package dev.otpguard.account;
