/*
 * json_scan.h: reading JSON text where it lies, for replies too large to
 * parse into a tree (a page of the bad-IP list holds tens of thousands of
 * buckets: cJSON's tree of one costs more than the rest of the request).
 * A cursor is the text of one value; the functions find an object's member,
 * step through an array and read a string or an integer, skipping whatever
 * else the text holds, and fail on text that is not JSON of that shape.
 * Skipped values are checked for balance, not parsed.
 */
#ifndef PEBA_JSON_SCAN_H
#define PEBA_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

struct json_cursor {
    const char *p;   /* the first byte of the value */
    const char *end; /* the end of the whole text */
};

/* The text as a cursor on its first value (leading whitespace skipped). */
struct json_cursor json_scan_text(const char *text, size_t len);
/* The value of member name of the object at c (the first such member). False: none, or c is no object. */
bool json_scan_member(struct json_cursor c, const char *name, struct json_cursor *value);
/* Follows members by name (a NULL-terminated list) from c. */
bool json_scan_path(struct json_cursor c, struct json_cursor *value, ...) __attribute__((sentinel));

/* How stepping through an array went. */
enum json_step { JSON_STEP_ELEMENT, JSON_STEP_END, JSON_STEP_BAD };
/* The first element of the array at c into *element. */
enum json_step json_scan_first(struct json_cursor c, struct json_cursor *element);
/* Moves *element on to the next element of its array. */
enum json_step json_scan_next(struct json_cursor *element);

/* The value at c past its end: where the next token begins, or NULL when it is not well-formed. */
const char *json_scan_skip(struct json_cursor c);
/*
 * A string value without escapes (as addresses and index names are) into
 * out, NUL-terminated; false when c is no string, has an escape, or does
 * not fit in size bytes.
 */
bool json_scan_string(struct json_cursor c, char *out, size_t size);
/* An integer value (no fraction or exponent) that fits a long long. */
bool json_scan_int(struct json_cursor c, long long *value);

#endif
