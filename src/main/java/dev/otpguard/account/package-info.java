/**
 * What OTP Guard keeps on a user: phone attributes, remembered devices (credential type and store), the user
 * profile declaration and the account lockdown after a "this was not me".
 */
package dev.otpguard.account;
