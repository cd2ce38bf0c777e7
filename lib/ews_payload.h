/*
 * ews_payload.h: what ingest keeps of an alert's payload, as the original did: the MD5
 * of the decoded bytes, and their text when they are an HTTP request. The
 * original's payloads index, fuzzy hash and S3 upload are not part of peba.
 */
#ifndef PEBA_EWS_PAYLOAD_H
#define PEBA_EWS_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#define EWS_MD5_HEX 33 /* 32 hex digits and NUL */

struct ews_payload {
    char md5[EWS_MD5_HEX];
    char *http; /* the decoded text when it is a UTF-8 HTTP request (no NUL bytes), else NULL */
};

/*
 * Decodes base64 as Python's non-validating b64decode does (characters
 * outside the alphabet, such as line breaks, are skipped); false when the
 * padding is wrong. Free with ews_payload_free.
 */
bool ews_payload_decode(const char *base64, struct ews_payload *out);
void ews_payload_free(struct ews_payload *p);

/* Lowercase hex MD5 of data. */
void ews_md5_hex(const void *data, size_t len, char out[EWS_MD5_HEX]);

#endif
