/**
 * The code exchange every feature shows: issue, send, resend and check a code over a channel, the code page and
 * its bean, the challenge kept in the authentication session, attempts claimed across the cluster, events, and
 * the code rules shared as an option group.
 */
package dev.otpguard.exchange;
