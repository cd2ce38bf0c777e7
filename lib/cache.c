/* cache.c: memcached client (libmemcached) with collision-checked values and quiet degradation. */
#include "cache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmemcached/memcached.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "log.h"

#define CACHE_KEY_PREFIX "peba2:" /* peba1: values without their expiry time */
#define HASHED_LEN (sizeof CACHE_KEY_PREFIX + 2 * SHA_DIGEST_LENGTH)

struct cache {
    memcached_st *mc;
    bool down_logged; /* an outage is logged once until the next success */
    struct buf value;
    /* fetched once: OpenSSL 3's one-shot SHA1() looks the algorithm up on every call */
    EVP_MD *sha1;
    EVP_MD_CTX *sha1_ctx;
};

struct cache *cache_new(const struct peba_config *cfg)
{
    struct cache *c;
    memcached_server_st *servers;
    memcached_return_t rc = MEMCACHED_FAILURE;

    if (!cfg->cache_enabled || !cfg->memcached_servers[0])
        return NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    buf_init(&c->value, 0);
    c->mc = memcached_create(NULL);
    c->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    c->sha1_ctx = EVP_MD_CTX_new();
    servers = memcached_servers_parse(cfg->memcached_servers);
    if (c->mc && servers && c->sha1 && c->sha1_ctx)
        rc = memcached_server_push(c->mc, servers);
    memcached_server_list_free(servers);
    if (rc != MEMCACHED_SUCCESS) {
        log_warn("memcached: cannot use servers '%s'; serving uncached", cfg->memcached_servers);
        cache_free(c);
        return NULL;
    }
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, (uint64_t)cfg->memcached_timeout_ms);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, (uint64_t)cfg->memcached_timeout_ms);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_RCV_TIMEOUT, (uint64_t)cfg->memcached_timeout_ms * 1000);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_SND_TIMEOUT, (uint64_t)cfg->memcached_timeout_ms * 1000);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
    /* a dead server is skipped for a few seconds instead of costing a timeout per request */
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, 2);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_DEAD_TIMEOUT, 2);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_SERVER_FAILURE_LIMIT, 1);
    return c;
}

void cache_free(struct cache *c)
{
    if (!c)
        return;
    if (c->mc)
        memcached_free(c->mc);
    EVP_MD_CTX_free(c->sha1_ctx);
    EVP_MD_free(c->sha1);
    buf_free(&c->value);
    free(c);
}

/* CACHE_KEY_PREFIX + the SHA-1 of key in hex; false if OpenSSL fails (then the cache is skipped). */
static bool hashed_key(struct cache *c, const char *key, char out[HASHED_LEN])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[SHA_DIGEST_LENGTH];
    char *p = out + sizeof CACHE_KEY_PREFIX - 1;

    if (!EVP_DigestInit_ex2(c->sha1_ctx, c->sha1, NULL) || !EVP_DigestUpdate(c->sha1_ctx, key, strlen(key)) ||
        !EVP_DigestFinal_ex(c->sha1_ctx, digest, NULL))
        return false;
    memcpy(out, CACHE_KEY_PREFIX, sizeof CACHE_KEY_PREFIX - 1);
    for (int i = 0; i < SHA_DIGEST_LENGTH; i++) {
        *p++ = hex[digest[i] >> 4];
        *p++ = hex[digest[i] & 15];
    }
    *p = '\0';
    return true;
}

static void note_result(struct cache *c, memcached_return_t rc)
{
    if (rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND || rc == MEMCACHED_STORED ||
        rc == MEMCACHED_DELETED) {
        if (c->down_logged)
            log_info("memcached: reachable again, caching resumed");
        c->down_logged = false;
    } else if (!c->down_logged) {
        log_warn("memcached: %s; serving uncached until it is back", memcached_strerror(c->mc, rc));
        c->down_logged = true;
    }
}

/* Value layout: "<expiry, unix seconds>:<keylen>:<key><ctlen>:<content type><body>" */
static bool fetch(struct cache *c, const char *key, const char *hk, struct buf *body, char *content_type,
                  size_t ct_size, time_t *until)
{
    size_t len = 0, klen, ctlen;
    uint32_t flags;
    memcached_return_t rc;
    char *value = memcached_get(c->mc, hk, strlen(hk), &len, &flags, &rc);
    char *p, *end;
    bool hit = false;

    note_result(c, rc);
    if (!value)
        return false;
    end = value + len;
    *until = (time_t)strtoll(value, &p, 10);
    /* memcached's clock may lag ours: an entry in its last second is a miss, not a copy nginx could keep */
    if (*until <= time(NULL))
        p = end;
    if (p < end && *p == ':')
        klen = strtoul(p + 1, &p, 10);
    else
        klen = (size_t)-1;
    if (p < end && *p == ':' && (size_t)(end - p - 1) >= klen && klen == strlen(key) &&
        memcmp(p + 1, key, klen) == 0) {
        p += 1 + klen;
        ctlen = strtoul(p, &p, 10);
        if (p < end && *p == ':' && (size_t)(end - p - 1) >= ctlen && ctlen < ct_size) {
            memcpy(content_type, p + 1, ctlen);
            content_type[ctlen] = '\0';
            p += 1 + ctlen;
            hit = buf_append(body, p, (size_t)(end - p));
        }
    }
    free(value);
    return hit;
}

bool cache_get(struct cache *c, const char *key, struct buf *body, char *content_type, size_t ct_size,
               time_t *expires)
{
    char hk[HASHED_LEN];
    time_t until;

    if (!c || !hashed_key(c, key, hk) || !fetch(c, key, hk, body, content_type, ct_size, &until))
        return false;
    if (expires)
        *expires = until;
    return true;
}

static void store(struct cache *c, const char *key, const char *hk, const char *content_type, const char *body,
                  size_t len, unsigned ttl, time_t now)
{
    /* the expiry travels in the value: a hit tells nginx how much of the entry's life is left */
    buf_reset(&c->value, 1u << 20);
    buf_printf(&c->value, "%lld:%zu:%s%zu:%s", (long long)now + ttl, strlen(key), key, strlen(content_type),
               content_type);
    buf_append(&c->value, body, len);
    if (!c->value.failed)
        note_result(c, memcached_set(c->mc, hk, strlen(hk), c->value.data, c->value.len, (time_t)ttl, 0));
}

void cache_put(struct cache *c, const char *key, const char *content_type, const char *body, size_t len,
               unsigned ttl)
{
    char hk[HASHED_LEN];

    if (c && ttl && hashed_key(c, key, hk))
        store(c, key, hk, content_type, body, len, ttl, time(NULL));
}

void cache_delete(struct cache *c, const char *key)
{
    char hk[HASHED_LEN];

    if (!c || !hashed_key(c, key, hk))
        return;
    note_result(c, memcached_delete(c->mc, hk, strlen(hk), 0));
}

static memcached_return_t read_version(const memcached_st *mc, const memcached_instance_st *server,
                                       void *ctx)
{
    char *version = ctx;

    (void)mc;
    snprintf(version, 32, "%u.%u.%u", memcached_server_major_version(server),
             memcached_server_minor_version(server), memcached_server_micro_version(server));
    return MEMCACHED_SUCCESS;
}

bool cache_probe(struct cache *c, char *version, size_t version_size, double *latency_ms)
{
    struct timespec t0, t1;
    memcached_return_t rc;
    memcached_server_fn fn[] = {read_version};
    char text[32] = "";

    if (!c)
        return false;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = memcached_version(c->mc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *latency_ms = (double)(t1.tv_sec - t0.tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    note_result(c, rc);
    if (rc != MEMCACHED_SUCCESS)
        return false;
    memcached_server_cursor(c->mc, fn, text, 1);
    snprintf(version, version_size, "%s", text);
    return true;
}
