/*
 * ip_class.h: addresses as the bad-IP feeds handle them: one 16-byte form
 * for IPv4 and IPv6 (IPv4 as ::ffff:a.b.c.d, which is also how the search
 * engine orders `ip` terms), back to text, and the original's "globally
 * routable" rule that decides which addresses a feed publishes.
 */
#ifndef PEBA_IP_CLASS_H
#define PEBA_IP_CLASS_H

#include <stdbool.h>

#define IP_ADDR_LEN 16
#define IP_TEXT_MAX 46 /* INET6_ADDRSTRLEN */

/* Parses a NUL-terminated IPv4 or IPv6 address; false when text is neither. */
bool ip_parse(const char *text, unsigned char addr[IP_ADDR_LEN]);
/* True for the IPv4 range ::ffff:0:0/96. */
bool ip_is_v4(const unsigned char addr[IP_ADDR_LEN]);
/* The canonical text: dotted quad for IPv4, RFC 5952 form for IPv6; returns out. */
const char *ip_format(const unsigned char addr[IP_ADDR_LEN], char out[IP_TEXT_MAX]);

/*
 * The original's Python `is_global` (3.7-3.11): IPv4 outside its private
 * list and 100.64.0.0/10; IPv6 outside ::1, ::, 100::/64, 2001::/23,
 * 2001:db8::/32, fc00::/7, fe80::/10. Unlike the original, multicast
 * (224.0.0.0/4, ff00::/8) is not global either: no attack comes from it.
 * IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry,
 * since the engine stores and returns them as IPv4.
 */
bool ip_is_global(const unsigned char addr[IP_ADDR_LEN]);

#endif
