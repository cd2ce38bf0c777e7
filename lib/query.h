/*
 * query.h: splits and percent-decodes a URL query string (`+` is a space,
 * `%XX` a byte; a malformed escape is kept literally, as the original does).
 */
#ifndef PEBA_QUERY_H
#define PEBA_QUERY_H

#include <stddef.h>

#include "error.h"

#define QUERY_MAX_PARAMS 64

struct query_param {
    const char *key; /* decoded, NUL-terminated; may contain NUL bytes before key_len */
    size_t key_len;
    const char *value; /* decoded, NUL-terminated; may contain NUL bytes before value_len */
    size_t value_len;
};

struct query {
    struct query_param items[QUERY_MAX_PARAMS];
    int count;
    char *storage; /* owns the decoded text */
};

/*
 * Parses raw (may be NULL). Fails with PEBA_E_URI_TOO_LONG past max_len bytes
 * and PEBA_E_BAD_REQUEST past QUERY_MAX_PARAMS parameters. Free with query_free.
 */
peba_err query_parse(struct query *q, const char *raw, size_t max_len);
void query_free(struct query *q);
/* The first value of key (the original's rule for repeated keys), or NULL. */
const struct query_param *query_get(const struct query *q, const char *key);

/* Decodes src in place semantics into dst (room for len bytes); returns the decoded length. */
size_t percent_decode(char *dst, const char *src, size_t len, int plus_is_space);

#endif
