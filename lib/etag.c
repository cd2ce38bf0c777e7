/* etag.c: entity tags from SHA-256 digests, and If-None-Match lists compared weakly. */
#include "etag.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#define ETAG_DIGEST_BYTES 16

bool etag_of(const char *kind, const void *data, size_t len, char out[ETAG_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    size_t o;

    if (strlen(kind) > ETAG_KIND_MAX || !EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL))
        return false;
    o = (size_t)snprintf(out, ETAG_SIZE, "\"%s-", kind);
    for (size_t i = 0; i < ETAG_DIGEST_BYTES; i++) {
        out[o++] = hex[md[i] >> 4];
        out[o++] = hex[md[i] & 15];
    }
    out[o++] = '"';
    out[o] = '\0';
    return true;
}

static const char *skip_list_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
    return p;
}

bool etag_none_match(const char *if_none_match, const char *etag)
{
    const char *p = if_none_match;
    size_t want = strlen(etag);

    if (!p)
        return false;
    p = skip_list_space(p);
    if (*p == '*')
        return *skip_list_space(p + 1) == '\0';
    while (*p) {
        const char *close;

        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (*p != '"' || !(close = strchr(p + 1, '"')))
            return false;
        if ((size_t)(close + 1 - p) == want && memcmp(p, etag, want) == 0)
            return true;
        p = close + 1;
        if (*p && *p != ',' && *p != ' ' && *p != '\t')
            return false;
        p = skip_list_space(p);
    }
    return false;
}
