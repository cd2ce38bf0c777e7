/*
 * xml_writer.h: writes the original PEBA's XML layout: the declaration glued
 * to the root start tag, two-space indentation, leaves inline, empty elements
 * self-closed as `<Name />`, one newline after the root end tag. Text is
 * escaped (&, <, >) and characters XML 1.0 forbids are dropped.
 * Element names must be string literals (they are kept by pointer).
 */
#ifndef PEBA_XML_WRITER_H
#define PEBA_XML_WRITER_H

#include <stddef.h>

#include "buf.h"

#define XML_MAX_DEPTH 16

struct xml_writer {
    struct buf *out;
    int depth; /* open elements, root included */
    const char *names[XML_MAX_DEPTH];
    int has_children[XML_MAX_DEPTH]; /* start tag written once a child arrives */
};

/* Writes the declaration and opens the root element. */
void xml_begin(struct xml_writer *w, struct buf *out, const char *root);
/* Opens a container element as a child of the current one. */
void xml_open(struct xml_writer *w, const char *name);
/* Writes `<name>text</name>`, or `<name />` when text is NULL or empty. */
void xml_leaf(struct xml_writer *w, const char *name, const char *text);
void xml_leaf_len(struct xml_writer *w, const char *name, const char *text, size_t len);
void xml_leaf_int(struct xml_writer *w, const char *name, long long value);
/* Closes the innermost open element. */
void xml_close(struct xml_writer *w);
/* Closes every open element and writes the final newline. */
void xml_end(struct xml_writer *w);

/* Appends text escaped for XML character data, dropping characters XML 1.0 forbids. */
void xml_escape(struct buf *out, const char *text, size_t len);

#endif
