/* query.c: query-string splitting and percent-decoding. */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t percent_decode(char *dst, const char *src, size_t len, int plus_is_space)
{
    size_t i = 0, o = 0;

    while (i < len) {
        int hi, lo;

        if (src[i] == '%' && i + 2 < len && (hi = hexval(src[i + 1])) >= 0 &&
            (lo = hexval(src[i + 2])) >= 0) {
            dst[o++] = (char)(hi << 4 | lo);
            i += 3;
        } else {
            dst[o++] = (plus_is_space && src[i] == '+') ? ' ' : src[i];
            i++;
        }
    }
    return o;
}

peba_err query_parse(struct query *q, const char *raw, size_t max_len)
{
    size_t len = raw ? strlen(raw) : 0;
    const char *p, *end;
    char *out;

    memset(q, 0, sizeof *q);
    if (len > max_len)
        return peba_fail(PEBA_E_URI_TOO_LONG, "query string longer than %zu bytes", max_len);
    /* decoded text never grows, but a pair without '=' needs two terminators */
    q->storage = out = malloc(2 * len + 2);
    if (!out)
        return PEBA_E_NOMEM;
    for (p = raw, end = raw + len; p && p < end;) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        struct query_param *item;

        if (stop == p) {
            p = stop + 1;
            continue;
        }
        if (q->count == QUERY_MAX_PARAMS) {
            query_free(q);
            return peba_fail(PEBA_E_BAD_REQUEST, "more than %d query parameters", QUERY_MAX_PARAMS);
        }
        item = &q->items[q->count++];
        item->key = out;
        item->key_len = percent_decode(out, p, (size_t)((eq ? eq : stop) - p), 1);
        out += item->key_len;
        *out++ = '\0';
        item->value = out;
        item->value_len = eq ? percent_decode(out, eq + 1, (size_t)(stop - eq - 1), 1) : 0;
        out += item->value_len;
        *out++ = '\0';
        p = stop + 1;
    }
    return PEBA_OK;
}

void query_free(struct query *q)
{
    free(q->storage);
    q->storage = NULL;
    q->count = 0;
}

const struct query_param *query_get(const struct query *q, const char *key)
{
    size_t len = strlen(key);

    /* lengths first: a key with an encoded NUL ("time%00x") is not "time" */
    for (int i = 0; i < q->count; i++)
        if (q->items[i].key_len == len && memcmp(q->items[i].key, key, len) == 0)
            return &q->items[i];
    return NULL;
}
