/* ews_payload.c: base64 payloads decoded with OpenSSL, hashed, and recognised as HTTP requests. */
#include "ews_payload.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "array_len.h"
#include "utf8.h"

static const char *const http_methods[] = {"GET",     "POST", "PUT",     "DELETE", "PATCH",
                                           "CONNECT", "HEAD", "OPTIONS", "TRACE"};

void ews_md5_hex(const void *data, size_t len, char out[EWS_MD5_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    out[0] = '\0';
    EVP_Digest(data, len, md, &md_len, EVP_md5(), NULL);
    for (unsigned int i = 0; i < md_len && i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Valid UTF-8 without NUL: a text a document can store. */
static bool is_text(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);

        if (cp == 0 || (cp == UTF8_REPLACEMENT && n == 1))
            return false;
        i += n;
    }
    return true;
}

/* The first space-separated word contains an HTTP method, the original's test. */
static bool looks_like_http(const char *text)
{
    size_t word = strcspn(text, " ");

    for (size_t i = 0; i < ARRAY_LEN(http_methods); i++) {
        const char *hit = strstr(text, http_methods[i]);

        if (hit && (size_t)(hit - text) + strlen(http_methods[i]) <= word)
            return true;
    }
    return false;
}

/* The decoded bytes (NUL-terminated, *out_len without it), or NULL. */
static unsigned char *base64_decode(const char *text, int *out_len)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    size_t len = strlen(text), n = 0;
    char *clean = malloc(len + 1);
    unsigned char *out = malloc(len / 4 * 3 + 4);
    EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
    int part = 0, last = 0;
    bool ok;

    for (size_t i = 0; clean && i < len; i++)
        if (strchr(alphabet, text[i]))
            clean[n++] = text[i];
    ok = clean && out && ctx && n % 4 == 0 && n <= INT32_MAX;
    if (ok) {
        EVP_DecodeInit(ctx);
        ok = EVP_DecodeUpdate(ctx, out, &part, (const unsigned char *)clean, (int)n) >= 0 &&
             EVP_DecodeFinal(ctx, out + part, &last) == 1;
    }
    EVP_ENCODE_CTX_free(ctx);
    free(clean);
    if (!ok) {
        free(out);
        return NULL;
    }
    *out_len = part + last;
    out[*out_len] = '\0';
    return out;
}

bool ews_payload_decode(const char *base64, struct ews_payload *out)
{
    int len = 0;
    unsigned char *bytes = base64_decode(base64, &len);

    memset(out, 0, sizeof *out);
    if (!bytes)
        return false;
    ews_md5_hex(bytes, (size_t)len, out->md5);
    if (is_text(bytes, (size_t)len) && looks_like_http((const char *)bytes))
        out->http = (char *)bytes;
    else
        free(bytes);
    return true;
}

void ews_payload_free(struct ews_payload *p)
{
    free(p->http);
    p->http = NULL;
}
