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
#define CACHE_RETRY_S 2  /* a server that failed is tried again after this */
#define CACHE_ATTEMPTS 4 /* of an operation in a pool: see again() */

/* What a worker knows of one memcached server. */
struct cache_server {
    bool down;         /* its outage was logged; the next success on it is logged too */
    time_t skip_until; /* it timed out: its keys are misses until then (CLOCK_MONOTONIC) */
};

struct cache {
    memcached_st *mc;
    struct cache_server *server; /* in the order of the list */
    size_t servers;
    bool skipping; /* some server's skip_until may lie ahead */
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
    c->servers = c->mc ? memcached_server_count(c->mc) : 0;
    if (rc == MEMCACHED_SUCCESS && !(c->server = calloc(c->servers, sizeof *c->server)))
        rc = MEMCACHED_MEMORY_ALLOCATION_FAILURE;
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
    /*
     * Keys are spread over the servers on a ketama ring (MD5, weights from "host:port:weight"):
     * when a server of a pool fails, only its keys move, each to the next server on the ring, and
     * they come back when it does. A server that refuses connections is tried again every
     * CACHE_RETRY_S seconds, so a dead one costs a short run of misses, not a timeout per request;
     * in a pool it leaves the ring meanwhile. One that accepts connections but does not answer
     * (frozen, overloaded) stays on the ring: note_result skips its keys for a while instead.
     *
     * A lone server never leaves the ring: its keys would have nowhere to go, and libmemcached
     * takes a server off the ring at the first operation after a failed attempt, without trying it,
     * and tries it again only CACHE_RETRY_S after that. After an outage without traffic, the first
     * request once memcached is back would find no cache and caching would resume only with a later
     * request; on the ring, the server is tried by the first request CACHE_RETRY_S after its last
     * failure.
     */
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED, 1);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_REMOVE_FAILED_SERVERS, c->servers > 1);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_SERVER_FAILURE_LIMIT, 1);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, CACHE_RETRY_S);
    memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_DEAD_TIMEOUT, CACHE_RETRY_S);
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
    free(c->server);
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

static time_t monotonic_s(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec;
}

/* The position of server s in the list, or c->servers when it is none of them (or NULL). */
static size_t server_index(const struct cache *c, const memcached_instance_st *s)
{
    size_t i;

    for (i = 0; s && i < c->servers; i++) {
        const memcached_instance_st *t = memcached_server_instance_by_position(c->mc, (uint32_t)i);

        if (memcached_server_port(t) == memcached_server_port(s) &&
            strcmp(memcached_server_name(t), memcached_server_name(s)) == 0)
            return i;
    }
    return c->servers;
}

/* The position of the server that holds key hk now. */
static size_t key_server(struct cache *c, const char *hk)
{
    memcached_return_t rc;

    return server_index(c, memcached_server_by_key(c->mc, hk, strlen(hk), &rc));
}

/* True while hk belongs to a server that timed out a moment ago: the operation would wait again. */
static bool skipped(struct cache *c, const char *hk)
{
    time_t now;
    size_t i;

    if (!c->skipping)
        return false;
    now = monotonic_s();
    c->skipping = false;
    for (i = 0; i < c->servers; i++)
        c->skipping |= c->server[i].skip_until > now;
    i = c->skipping ? key_server(c, hk) : c->servers;
    return i < c->servers && c->server[i].skip_until > now;
}

static void mark_down(struct cache *c, size_t i, memcached_return_t rc)
{
    const memcached_instance_st *s = memcached_server_instance_by_position(c->mc, (uint32_t)i);
    const char *meanwhile = c->servers == 1           ? "serving uncached"
                            : rc == MEMCACHED_TIMEOUT ? "serving its keys uncached"
                                                      : "its keys go to the other servers";

    if (rc == MEMCACHED_TIMEOUT) {
        c->server[i].skip_until = monotonic_s() + CACHE_RETRY_S;
        c->skipping = true;
    }
    if (c->server[i].down)
        return;
    log_warn("memcached: %s:%u: %s; %s until it is back", memcached_server_name(s),
             (unsigned)memcached_server_port(s), memcached_strerror(c->mc, rc), meanwhile);
    c->server[i].down = true;
}

static void mark_up(struct cache *c, size_t i)
{
    const memcached_instance_st *s = memcached_server_instance_by_position(c->mc, (uint32_t)i);

    c->server[i].skip_until = 0;
    if (!c->server[i].down)
        return;
    log_info("memcached: %s:%u reachable again, caching resumed", memcached_server_name(s),
             (unsigned)memcached_server_port(s));
    c->server[i].down = false;
}

/*
 * After an operation on key hk (NULL: on every server): a server that failed is logged once, and
 * once more when a later operation succeeds on it. Misses and refusals (a value too large) are no
 * outage. The failed server is the key's, unless libmemcached has just taken it off the ring
 * (MEMCACHED_SERVER_MARKED_DEAD): then it is the one it last disconnected.
 */
static void note_result(struct cache *c, const char *hk, memcached_return_t rc)
{
    bool down = memcached_fatal(rc), any = false;
    size_t i;

    for (i = 0; i < c->servers && !down; i++)
        any |= c->server[i].down || c->server[i].skip_until;
    if (!down && !any)
        return;
    if (!hk) {
        for (i = 0; i < c->servers && !down; i++)
            mark_up(c, i);
        i = down ? server_index(c, memcached_server_get_last_disconnect(c->mc)) : c->servers;
    } else if (down && rc == MEMCACHED_SERVER_MARKED_DEAD) {
        i = server_index(c, memcached_server_get_last_disconnect(c->mc));
    } else {
        i = key_server(c, hk);
    }
    if (i >= c->servers)
        return;
    if (down)
        mark_down(c, i, rc);
    else
        mark_up(c, i);
}

/*
 * True when an operation on a key of a pool should be made again because libmemcached refused it
 * for the key's server and moved that server one step towards leaving the ring: a lost connection,
 * then a refused reconnection (or a timed retry of a dead server that is refused again) that puts
 * it in timeout, then its removal (MEMCACHED_SERVER_MARKED_DEAD) with the ring rebuilt. None of
 * these steps waits on the network, and the attempt after the last one goes to the key's next
 * server on the ring: without it, each step cost a request its cache, at the outage and again at
 * every timed retry of a dead server. A timeout is not tried again: it would wait again.
 */
static bool again(const struct cache *c, memcached_return_t rc, unsigned *attempts)
{
    switch (rc) {
    case MEMCACHED_CONNECTION_FAILURE:
    case MEMCACHED_ERRNO:
    case MEMCACHED_WRITE_FAILURE:
    case MEMCACHED_SERVER_TEMPORARILY_DISABLED:
    case MEMCACHED_SERVER_MARKED_DEAD: return c->servers > 1 && ++*attempts < CACHE_ATTEMPTS;
    default: return false;
    }
}

/* Value layout: "<expiry, unix seconds>:<keylen>:<key><ctlen>:<content type><body>" */
static bool fetch(struct cache *c, const char *key, const char *hk, struct buf *body, char *content_type,
                  size_t ct_size, time_t *until)
{
    size_t len = 0, klen, ctlen;
    uint32_t flags;
    memcached_return_t rc;
    unsigned attempts = 0;
    char *value, *p, *end;
    bool hit = false;

    if (skipped(c, hk))
        return false;
    do {
        value = memcached_get(c->mc, hk, strlen(hk), &len, &flags, &rc);
        note_result(c, hk, rc);
    } while (!value && again(c, rc, &attempts));
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

static void store(struct cache *c, const char *key, const char *hk, const char *content_type,
                  const char *body, size_t len, unsigned ttl, time_t now)
{
    memcached_return_t rc;
    unsigned attempts = 0;

    /* the expiry travels in the value: a hit tells nginx how much of the entry's life is left */
    buf_reset(&c->value, 1u << 20);
    buf_printf(&c->value, "%lld:%zu:%s%zu:%s", (long long)now + ttl, strlen(key), key, strlen(content_type),
               content_type);
    buf_append(&c->value, body, len);
    if (c->value.failed || skipped(c, hk))
        return;
    do {
        rc = memcached_set(c->mc, hk, strlen(hk), c->value.data, c->value.len, (time_t)ttl, 0);
        note_result(c, hk, rc);
    } while (again(c, rc, &attempts));
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
    memcached_return_t rc;
    unsigned attempts = 0;

    if (!c || !hashed_key(c, key, hk) || skipped(c, hk))
        return;
    do {
        rc = memcached_delete(c->mc, hk, strlen(hk), 0);
        note_result(c, hk, rc);
    } while (again(c, rc, &attempts));
}

static memcached_return_t read_version(const memcached_st *mc, const memcached_instance_st *server, void *ctx)
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
    note_result(c, NULL, rc);
    if (rc != MEMCACHED_SUCCESS)
        return false;
    memcached_server_cursor(c->mc, fn, text, 1);
    snprintf(version, version_size, "%s", text);
    return true;
}
