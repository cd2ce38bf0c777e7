/*
 * envelope.h: safe parsing of EWS-SimpleMessage bodies, the XML envelope of
 * authenticated requests and alert submissions. libxml2 runs without network
 * access, DTD loading or entity substitution; a document with a DOCTYPE
 * (internal or external subset, hence any entity declaration) is refused as
 * soon as the parser reaches it, so XXE and entity-expansion bombs cost
 * nothing. The body must be UTF-8, whatever its XML declaration says.
 */
#ifndef PEBA_ENVELOPE_H
#define PEBA_ENVELOPE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "error.h"

struct ews_envelope {
    xmlDoc *doc; /* owned; the alerts of a submission are read from it */
    xmlNode *root;
    /*
     * Credentials: the text of the first root/Authentication/username and
     * root/Authentication/token (no namespace) in document order, verbatim
     * (no trimming); "" for an empty element, NULL when absent. Owned.
     */
    const char *username;
    const char *token;
};

/*
 * Parses body (len bytes, at most the configured body limit). Empty,
 * malformed, non-UTF-8, DTD- or entity-bearing documents give
 * PEBA_E_BAD_REQUEST with a one-line reason; the root element's name and
 * attributes are not checked (as in the original). Missing credentials are
 * not an error here: the caller refuses them. Free with envelope_free, also
 * after failure.
 */
peba_err envelope_parse(const char *body, size_t len, struct ews_envelope *env);
void envelope_free(struct ews_envelope *env);

/*
 * The element's own text up to its first child element (ElementTree's
 * `.text`, CDATA included), as a new string ("" when it has none; xmlFree
 * it). NULL only when out of memory.
 */
char *envelope_text(const xmlNode *element);

#endif
