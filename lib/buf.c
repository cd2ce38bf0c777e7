/* buf.c: growable byte buffer (overflow-checked, sticky failure). */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t limit)
{
    memset(b, 0, sizeof *b);
    b->limit = limit;
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_reset(struct buf *b, size_t keep_cap)
{
    if (b->cap > keep_cap)
        buf_free(b);
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

char *buf_reserve(struct buf *b, size_t len)
{
    size_t need;

    if (b->failed)
        return NULL;
    if (__builtin_add_overflow(b->len, len, &need) || __builtin_add_overflow(need, 1, &need) ||
        (b->limit && need > b->limit + 1)) {
        b->failed = true;
        return NULL;
    }
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;

        while (cap < need) {
            if (__builtin_mul_overflow(cap, 2, &cap)) {
                b->failed = true;
                return NULL;
            }
        }
        p = realloc(b->data, cap);
        if (!p) {
            b->failed = true;
            return NULL;
        }
        b->data = p;
        b->cap = cap;
    }
    return b->data + b->len;
}

bool buf_append(struct buf *b, const void *data, size_t len)
{
    char *p = buf_reserve(b, len);

    if (!p)
        return false;
    if (len)
        memcpy(p, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

bool buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

bool buf_put_int(struct buf *b, long long v)
{
    char digits[24], *p = digits + sizeof digits;
    /* the magnitude as unsigned: -LLONG_MIN does not fit a long long */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    return buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

bool buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(p = buf_reserve(b, (size_t)n))) {
        b->failed = true;
        return false;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

bool buf_maybe_flush(struct buf *b, size_t threshold)
{
    if (!b->sink || b->len == 0 || b->len < threshold)
        return !b->failed;
    if (b->failed || !b->sink(b, b->sink_ctx)) {
        b->failed = true;
        return false;
    }
    b->len = 0;
    b->data[0] = '\0';
    return true;
}
