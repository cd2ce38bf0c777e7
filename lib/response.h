/*
 * response.h: what a handler produces: status, content type, extra header
 * lines and the body. Bodies may stream: once the body passes the flush
 * threshold the headers go out and the body follows in chunks.
 */
#ifndef PEBA_RESPONSE_H
#define PEBA_RESPONSE_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"

#define CT_XML "text/xml; charset=utf-8"
#define CT_JSON "application/json"
#define CT_HTML "text/html; charset=utf-8"
#define CT_PLAIN "text/plain; charset=utf-8"

/* FORMAT_TEXT is the original's text/html of / and /heartbeat; FORMAT_PLAIN is out=txt's text/plain. */
enum out_format { FORMAT_XML, FORMAT_JSON, FORMAT_TEXT, FORMAT_PLAIN };

struct response {
    int status;
    const char *content_type;
    struct buf headers; /* extra header lines, each ending in \r\n */
    struct buf body;
    /* Seconds a cached route keeps this response: dispatch sets the route's TTL before the handler
     * runs; the handler may lower it (0: not cached), e.g. for data that is still growing. */
    unsigned cache_ttl;
};

void response_init(struct response *res);
void response_free(struct response *res);
/* Clears status, headers and body for the next request, keeping buffer capacity. */
void response_reset(struct response *res);
/* Adds a "Name: value" header line. */
void response_header(struct response *res, const char *name, const char *value);

/* The Content-Type of answers in format. */
const char *format_content_type(enum out_format format);

/*
 * Replaces the body with the error's one-line reason in the given format:
 * XML <Error><Status/><Message/></Error>, JSON {"error":..,"status":..}, or a
 * line of text (HTML-escaped for FORMAT_TEXT; for FORMAT_PLAIN without
 * control characters, as the XML writer drops them).
 */
void response_error(struct response *res, enum out_format format, peba_err err);

/* Reason phrase of an HTTP status ("Service Unavailable"). */
const char *http_reason(int status);

#endif
