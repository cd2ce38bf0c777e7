/* buf.h: a growable byte buffer with a sticky failure flag and an optional flush sink for streaming. */
#ifndef PEBA_BUF_H
#define PEBA_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
/* Called when a streaming buffer passes its flush threshold; returns false on a write failure. */
typedef bool (*buf_sink_fn)(struct buf *b, void *ctx);

struct buf {
    char *data; /* always NUL-terminated when cap > 0 */
    size_t len;
    size_t cap;
    size_t limit;     /* growth beyond this fails (0: no limit) */
    bool failed;      /* sticky: an append failed, the content is incomplete */
    buf_sink_fn sink; /* when set, buf_maybe_flush hands full buffers to it */
    void *sink_ctx;
};

/* Initialises an empty buffer; owns nothing until the first append. */
void buf_init(struct buf *b, size_t limit);
/* Frees the storage; the buffer may be reused after buf_init. */
void buf_free(struct buf *b);
/* Empties the buffer for the next request; keeps capacity unless it grew past keep_cap. */
void buf_reset(struct buf *b, size_t keep_cap);

bool buf_append(struct buf *b, const void *data, size_t len);
bool buf_puts(struct buf *b, const char *s);
bool buf_putc(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v in decimal, as %lld would, without printf's cost (long lists write one per line). */
bool buf_put_int(struct buf *b, long long v);
/* Makes room for len more bytes; returns the write position or NULL (then failed is set). */
char *buf_reserve(struct buf *b, size_t len);

/* With a sink: passes the content to it once it exceeds `threshold` bytes, then empties it. */
bool buf_maybe_flush(struct buf *b, size_t threshold);

#endif
