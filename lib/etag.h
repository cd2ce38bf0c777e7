/* etag.h: entity tags of answers, and the If-None-Match test of conditional requests. */
#ifndef PEBA_ETAG_H
#define PEBA_ETAG_H

#include <stdbool.h>
#include <stddef.h>

#define ETAG_KIND_MAX 8
/* '"', kind, '-', 32 hex digits, '"', NUL */
#define ETAG_SIZE (ETAG_KIND_MAX + 36)

/*
 * A strong entity tag for len bytes at data: "<kind>-<hex>" in double quotes,
 * the hex being the first 128 bits of their SHA-256. kind (at most
 * ETAG_KIND_MAX letters) tells representations of the same data apart, such
 * as its formats. False when the digest could not be computed.
 */
bool etag_of(const char *kind, const void *data, size_t len, char out[ETAG_SIZE]);

/*
 * Whether an If-None-Match value names etag: "*", or a comma-separated list
 * of entity tags of which one equals etag by the weak comparison (a W/ prefix
 * is ignored). NULL (no header) and malformed values never match.
 */
bool etag_none_match(const char *if_none_match, const char *etag);

#endif
