/* log.c: one-line messages with time, process and request in flight; safe samples of hostile input. */
#include "log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "timeutil.h"

/* "[id] " of the request in flight, or "" */
static char request_tag[LOG_ID_MAX + 4];

void log_set_request_id(const char *id)
{
    request_tag[0] = '\0';
    if (id && log_id_valid(id))
        snprintf(request_tag, sizeof request_tag, "[%s] ", id);
}

bool log_id_valid(const char *id)
{
    size_t n = 0;

    for (; id[n]; n++)
        if (n == LOG_ID_MAX || !(isalnum((unsigned char)id[n]) || strchr("._-", id[n])))
            return false;
    return n > 0;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char stamp[UTC_STAMP_LEN];
    char line[1024];

    utc_format(time(NULL), stamp);
    vsnprintf(line, sizeof line, fmt, ap);
    fprintf(stderr, "%s peba[%d] %s%s: %s\n", stamp, (int)getpid(), request_tag, level, line);
}

#define LOG_FN(name, level)         \
    void name(const char *fmt, ...) \
    {                               \
        va_list ap;                 \
        va_start(ap, fmt);          \
        vlog(level, fmt, ap);       \
        va_end(ap);                 \
    }

LOG_FN(log_info, "info")
LOG_FN(log_warn, "warning")
LOG_FN(log_error, "error")

void log_sample(char *out, size_t out_size, const char *text, size_t len)
{
    size_t half, o = 0;

    if (out_size == 0)
        return;
    half = out_size > 16 ? (out_size - 4) / 2 : out_size;
    for (size_t i = 0; i < len && o + 1 < out_size; i++) {
        unsigned char c = (unsigned char)text[i];

        if (len > out_size - 1 && i == half) {
            memcpy(out + o, "...", 3);
            o += 3;
            i = len - half;
            c = (unsigned char)text[i];
        }
        out[o++] = (c >= 0x20 && c < 0x7F) ? (char)c : '.';
    }
    out[o] = '\0';
}
