/* fuzz.h: what the fuzz targets share: checks that generated output is well-formed, aborting when it is not. */
#ifndef PEBA_FUZZ_H
#define PEBA_FUZZ_H

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>

#include "buf.h"
#include "response.h"

/* The libFuzzer entry point; defined once by each target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Names the broken property with the offending output; the abort makes libFuzzer keep the input as a crash. */
__attribute__((noreturn)) static inline void fuzz_fail(const char *what, const char *text, size_t len)
{
    fprintf(stderr, "fuzz check failed: %s (%zu bytes): %.*s\n", what, len, (int)(len < 2000 ? len : 2000),
            text ? text : "");
    abort();
}

/*
 * True when the len bytes are UTF-8 (RFC 3629: no overlong forms, surrogates, values above U+10FFFF or
 * truncated sequences) throughout. glibc's iconv decides, not lib/utf8.c: the targets check peba's
 * decoder against a second implementation rather than against itself. (mbrtowc would take values
 * above U+10FFFF, libxml2's xmlCheckUTF8 overlong forms.)
 */
static inline bool fuzz_valid_utf8(const char *text, size_t len)
{
    static iconv_t to_utf32 = (iconv_t)-1;
    char *in = (char *)text;
    size_t in_left = len;

    if (to_utf32 == (iconv_t)-1 && (to_utf32 = iconv_open("UTF-32LE", "UTF-8")) == (iconv_t)-1)
        fuzz_fail("iconv cannot convert UTF-8 to UTF-32LE", NULL, 0);
    iconv(to_utf32, NULL, NULL, NULL, NULL);
    while (in_left > 0) {
        char out[1024], *o = out;
        size_t out_left = sizeof out;

        /* E2BIG only means the output chunk is full; EILSEQ and EINVAL (cut short) mean not UTF-8 */
        if (iconv(to_utf32, &in, &in_left, &o, &out_left) == (size_t)-1 && errno != E2BIG)
            return false;
    }
    return true;
}

/*
 * text is one JSON value, compact and ASCII-only as the JSON writer promises
 * (bytes 0x20..0x7E; with `body`, followed by exactly one newline), that
 * cJSON parses completely. Returns the parsed value (cJSON_Delete it).
 */
static inline cJSON *fuzz_json(const char *text, size_t len, bool body)
{
    size_t value_len = len;
    const char *end = NULL;
    cJSON *item;

    if (body) {
        if (len == 0 || text[len - 1] != '\n')
            fuzz_fail("JSON body does not end in a newline", text, len);
        value_len--;
    }
    for (size_t i = 0; i < value_len; i++)
        if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] > 0x7E)
            fuzz_fail("JSON output holds a byte outside printable ASCII", text, len);
    item = cJSON_ParseWithLengthOpts(text, value_len, &end, false);
    if (!item || end != text + value_len) {
        cJSON_Delete(item);
        fuzz_fail("JSON output does not parse", text, len);
    }
    return item;
}

/* The buffer holds a JSON body (see fuzz_json); a buffer whose writing failed is not checked. */
static inline void fuzz_check_json_body(const struct buf *out)
{
    if (!out->failed)
        cJSON_Delete(fuzz_json(out->data ? out->data : "", out->len, true));
}

/* text is a well-formed XML document (UTF-8, no network). Returns it parsed (xmlFreeDoc it). */
static inline xmlDoc *fuzz_xml(const char *text, size_t len)
{
    xmlDoc *doc;

    if (len > INT32_MAX)
        fuzz_fail("XML output too long to check", NULL, 0);
    doc = xmlReadMemory(text, (int)len, "fuzz.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();

        fprintf(stderr, "libxml2: %s", e && e->message ? e->message : "(no message)\n");
        fuzz_fail("XML output is not well-formed", text, len);
    }
    return doc;
}

/* The buffer holds a well-formed XML document; a buffer whose writing failed is not checked. */
static inline void fuzz_check_xml(const struct buf *out)
{
    if (!out->failed)
        xmlFreeDoc(fuzz_xml(out->data ? out->data : "", out->len));
}

/* A refusal's one-line reason (it may quote the input) rendered as the XML and the JSON error body. */
static inline void fuzz_check_error_bodies(peba_err err)
{
    struct response res;

    response_init(&res);
    response_error(&res, FORMAT_XML, err);
    fuzz_check_xml(&res.body);
    response_error(&res, FORMAT_JSON, err);
    fuzz_check_json_body(&res.body);
    response_free(&res);
}

#endif
