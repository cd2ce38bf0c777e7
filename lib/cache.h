/*
 * cache.h: the response cache in memcached. A key is a canonical text (route
 * plus validated parameters); memcached sees its SHA-1, and the stored value
 * repeats the full text, which is compared on read, so a hash collision can
 * never serve the wrong answer. Any cache failure means "serve uncached";
 * an unreachable memcached is logged once, not per request.
 */
#ifndef PEBA_CACHE_H
#define PEBA_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "config.h"

struct cache;

/* A client for cfg's servers, or NULL when caching is disabled or setup failed (callers pass NULL on). */
struct cache *cache_new(const struct peba_config *cfg);
void cache_free(struct cache *c);

/*
 * On a hit, appends the body to body, copies the content type, sets *expires
 * (may be NULL) to when the entry ends (unix seconds, later than now) and
 * returns true. c may be NULL.
 */
bool cache_get(struct cache *c, const char *key, struct buf *body, char *content_type, size_t ct_size,
               time_t *expires);
/* Stores body under key for ttl seconds (best effort). c may be NULL. */
void cache_put(struct cache *c, const char *key, const char *content_type, const char *body, size_t len,
               unsigned ttl);
/* Deletes key (best effort). */
void cache_delete(struct cache *c, const char *key);

/* Probes the first server: returns true when it answers, with its version text and the latency. */
bool cache_probe(struct cache *c, char *version, size_t version_size, double *latency_ms);

#endif
