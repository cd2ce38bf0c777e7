/* json_writer.c: sorted, compact, ASCII-only JSON serialisation of cJSON trees. */
#include "json_writer.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "utf8.h"

#define JSON_MAX_DEPTH 64

static void put_u(struct buf *out, unsigned v)
{
    buf_printf(out, "\\u%04x", v);
}

/* Length of the run at s that is written as is: printable ASCII other than quote and backslash. */
static size_t plain_run(const unsigned char *s, size_t len)
{
    size_t n = 0;

    while (n < len && s[n] >= 0x20 && s[n] < 0x7F && s[n] != '"' && s[n] != '\\')
        n++;
    return n;
}

void json_write_string(struct buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    buf_putc(out, '"');
    while (i < len) {
        uint32_t cp;
        size_t n = plain_run(p + i, len - i);

        if (n) {
            buf_append(out, p + i, n);
            i += n;
            continue;
        }
        n = utf8_decode(p + i, len - i, &cp);

        switch (cp) {
        case '"': buf_append(out, "\\\"", 2); break;
        case '\\': buf_append(out, "\\\\", 2); break;
        case '\n': buf_append(out, "\\n", 2); break;
        case '\r': buf_append(out, "\\r", 2); break;
        case '\t': buf_append(out, "\\t", 2); break;
        case '\b': buf_append(out, "\\b", 2); break;
        case '\f': buf_append(out, "\\f", 2); break;
        default:
            if (cp >= 0x20 && cp < 0x7F) {
                buf_putc(out, (char)cp);
            } else if (cp < 0x10000) {
                put_u(out, cp);
            } else {
                cp -= 0x10000;
                put_u(out, 0xD800 | (cp >> 10));
                put_u(out, 0xDC00 | (cp & 0x3FF));
            }
        }
        i += n;
    }
    buf_putc(out, '"');
}

void json_write_number(struct buf *out, double v)
{
    char tmp[40];

    if (!isfinite(v)) {
        buf_puts(out, "null");
        return;
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        buf_printf(out, "%.0f", v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    buf_puts(out, tmp);
}

static int compare_keys(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

    return strcmp(x->string, y->string);
}

static bool write_value(struct buf *out, const cJSON *item, int depth);

static bool write_object(struct buf *out, const cJSON *obj, int depth)
{
    const cJSON *child;
    const cJSON *small[32];
    const cJSON **kids = small;
    size_t n = 0, i;
    bool ok = true;

    for (child = obj->child; child; child = child->next)
        n++;
    if (n > ARRAY_LEN(small) && !(kids = malloc(n * sizeof *kids))) {
        out->failed = true;
        return false;
    }
    for (i = 0, child = obj->child; child; child = child->next)
        kids[i++] = child;
    qsort(kids, n, sizeof *kids, compare_keys);
    buf_putc(out, '{');
    for (i = 0; i < n && ok; i++) {
        if (i)
            buf_putc(out, ',');
        json_write_string(out, kids[i]->string, strlen(kids[i]->string));
        buf_putc(out, ':');
        ok = write_value(out, kids[i], depth + 1);
    }
    buf_putc(out, '}');
    if (kids != small)
        free(kids);
    return ok;
}

static bool write_value(struct buf *out, const cJSON *item, int depth)
{
    const cJSON *child;

    if (depth > JSON_MAX_DEPTH) {
        out->failed = true;
        return false;
    }
    switch (item->type & 0xFF) {
    case cJSON_NULL: buf_puts(out, "null"); break;
    case cJSON_False: buf_puts(out, "false"); break;
    case cJSON_True: buf_puts(out, "true"); break;
    case cJSON_Number: json_write_number(out, item->valuedouble); break;
    case cJSON_String: json_write_string(out, item->valuestring, strlen(item->valuestring)); break;
    case cJSON_Raw: buf_puts(out, item->valuestring); break;
    case cJSON_Array:
        buf_putc(out, '[');
        for (child = item->child; child; child = child->next) {
            if (child != item->child)
                buf_putc(out, ',');
            if (!write_value(out, child, depth + 1))
                return false;
        }
        buf_putc(out, ']');
        break;
    case cJSON_Object: return write_object(out, item, depth) && !out->failed;
    default: out->failed = true; return false;
    }
    return !out->failed;
}

bool json_write(struct buf *out, const cJSON *item)
{
    return write_value(out, item, 0);
}

bool json_write_body(struct buf *out, const cJSON *item)
{
    return json_write(out, item) && buf_putc(out, '\n');
}
