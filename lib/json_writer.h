/*
 * json_writer.h: writes JSON the way the original (Python's json module with
 * sort_keys and ensure_ascii) does: compact, object keys sorted byte-wise at
 * every level, non-ASCII as \uXXXX (surrogate pairs above U+FFFF).
 */
#ifndef PEBA_JSON_WRITER_H
#define PEBA_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"

/* Appends item (any cJSON value; raw items are copied verbatim). Returns false on failure. */
bool json_write(struct buf *out, const cJSON *item);
/* Appends item followed by the newline that ends every JSON body. */
bool json_write_body(struct buf *out, const cJSON *item);
/* Appends a quoted, escaped JSON string. */
void json_write_string(struct buf *out, const char *s, size_t len);
/* Appends a number as Python prints it: integral values without a fraction, others shortest round-trip. */
void json_write_number(struct buf *out, double v);

#endif
