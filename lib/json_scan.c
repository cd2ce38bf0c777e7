/* json_scan.c: members, elements, strings and integers read from JSON text in place (json_scan.h). */
#include "json_scan.h"

#include <limits.h>
#include <stdarg.h>
#include <string.h>

#define SKIP_DEPTH_MAX 64 /* the engine's replies nest a dozen levels at most */

static const char *blank(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

struct json_cursor json_scan_text(const char *text, size_t len)
{
    return (struct json_cursor){blank(text, text + len), text + len};
}

/* Past the string that begins at p (its opening quote), or NULL. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\') {
            if (++p == end)
                return NULL;
        } else if (*p == '"') {
            return p + 1;
        } else if ((unsigned char)*p < 0x20) {
            return NULL;
        }
    }
    return NULL;
}

static bool literal_at(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* Past the number or literal that begins at p, or NULL. */
static const char *skip_scalar(const char *p, const char *end)
{
    const char *q = p;

    if (literal_at(p, end, "true"))
        return p + 4;
    if (literal_at(p, end, "false"))
        return p + 5;
    if (literal_at(p, end, "null"))
        return p + 4;
    if (q < end && *q == '-')
        q++;
    if (q == end || *q < '0' || *q > '9')
        return NULL;
    while (q < end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-'))
        q++;
    return q;
}

const char *json_scan_skip(struct json_cursor c)
{
    char open[SKIP_DEPTH_MAX];
    const char *p = c.p, *end = c.end;
    int depth = 0;

    do {
        p = depth ? blank(p, end) : p;
        if (p >= end)
            return NULL;
        switch (*p) {
        case '"':
            p = skip_string(p, end);
            break;
        case '{':
        case '[':
            if (depth == SKIP_DEPTH_MAX)
                return NULL;
            open[depth++] = *p++;
            break;
        case '}':
        case ']':
            if (depth == 0 || open[depth - 1] != (*p == '}' ? '{' : '['))
                return NULL;
            depth--;
            p++;
            break;
        case ',':
        case ':':
            p = depth ? p + 1 : NULL;
            break;
        default:
            p = skip_scalar(p, end);
            break;
        }
    } while (p && depth > 0);
    return p;
}

bool json_scan_member(struct json_cursor c, const char *name, struct json_cursor *value)
{
    const char *p = c.p, *end = c.end, *key, *key_end;
    size_t len = strlen(name);

    if (p >= end || *p != '{')
        return false;
    p = blank(p + 1, end);
    while (p < end && *p == '"' && (key_end = skip_string(key = p, end))) {
        p = blank(key_end, end);
        if (p >= end || *p != ':')
            return false;
        p = blank(p + 1, end);
        if ((size_t)(key_end - key) == len + 2 && memcmp(key + 1, name, len) == 0) {
            *value = (struct json_cursor){p, end};
            return p < end;
        }
        if (!(p = json_scan_skip((struct json_cursor){p, end})))
            return false;
        p = blank(p, end);
        if (p >= end || *p != ',')
            return false; /* the closing brace, or text that is no object */
        p = blank(p + 1, end);
    }
    return false;
}

bool json_scan_path(struct json_cursor c, struct json_cursor *value, ...)
{
    const char *name;
    bool found = true;
    va_list ap;

    va_start(ap, value);
    while (found && (name = va_arg(ap, const char *)))
        found = json_scan_member(c, name, &c);
    va_end(ap);
    if (found)
        *value = c;
    return found;
}

enum json_step json_scan_first(struct json_cursor c, struct json_cursor *element)
{
    const char *p = c.p;

    if (p >= c.end || *p != '[')
        return JSON_STEP_BAD;
    p = blank(p + 1, c.end);
    if (p >= c.end)
        return JSON_STEP_BAD;
    if (*p == ']')
        return JSON_STEP_END;
    *element = (struct json_cursor){p, c.end};
    return JSON_STEP_ELEMENT;
}

enum json_step json_scan_next(struct json_cursor *element)
{
    const char *p = json_scan_skip(*element);

    p = p ? blank(p, element->end) : NULL;
    if (!p || p >= element->end)
        return JSON_STEP_BAD;
    if (*p == ']')
        return JSON_STEP_END;
    if (*p != ',')
        return JSON_STEP_BAD;
    p = blank(p + 1, element->end);
    if (p >= element->end)
        return JSON_STEP_BAD;
    element->p = p;
    return JSON_STEP_ELEMENT;
}

bool json_scan_string(struct json_cursor c, char *out, size_t size)
{
    const char *p = c.p;
    size_t n = 0;

    if (p >= c.end || *p != '"')
        return false;
    for (p++; p < c.end && *p != '"'; p++, n++)
        if (*p == '\\' || (unsigned char)*p < 0x20 || n + 1 >= size)
            return false;
    if (p >= c.end)
        return false;
    memcpy(out, c.p + 1, n);
    out[n] = '\0';
    return true;
}

bool json_scan_int(struct json_cursor c, long long *value)
{
    const char *p = c.p;
    bool negative = p < c.end && *p == '-';
    unsigned long long v = 0, limit = negative ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

    p += negative;
    if (p >= c.end || *p < '0' || *p > '9')
        return false;
    for (; p < c.end && *p >= '0' && *p <= '9'; p++) {
        unsigned digit = (unsigned)(*p - '0');

        if (v > (limit - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    if (p < c.end && (*p == '.' || *p == 'e' || *p == 'E'))
        return false;
    *value = negative ? (v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v) : (long long)v;
    return true;
}
