/** Client addresses and the network ranges an admin names (CIDR), for IPv4 and IPv6, without name lookups. */
package dev.otpguard.core.network;
