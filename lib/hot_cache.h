/*
 * hot_cache.h: a worker's own copies of the response-cache entries it used
 * last, so that a hot answer skips the memcached round trip (which halves a
 * cached endpoint's throughput, docs/performance.md). A copy lives no longer
 * than its memcached entry, and at most max_age seconds ([memcached]
 * hot_seconds), so an operator's flush of memcached reaches every worker
 * within that time. Direct-mapped: the slot is chosen by the entry's hashed
 * key, and the full canonical key is compared on every use.
 */
#ifndef PEBA_HOT_CACHE_H
#define PEBA_HOT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"

#define HOT_CACHE_SLOTS 16
#define HOT_CACHE_BODY_MAX (64u << 10) /* larger answers are not copied */
#define HOT_CACHE_HASHED_MAX 48
#define HOT_CACHE_TYPE_MAX 64

struct hot_copy {
    char hashed[HOT_CACHE_HASHED_MAX]; /* "" while empty */
    struct buf key;                    /* the canonical text */
    char content_type[HOT_CACHE_TYPE_MAX];
    struct buf body;
    time_t until;
};

struct hot_cache {
    struct hot_copy slots[HOT_CACHE_SLOTS];
    long max_age; /* seconds; 0: no copies at all */
};

void hot_cache_init(struct hot_cache *h, long max_age);
void hot_cache_free(struct hot_cache *h);

/*
 * On a live copy of key (hashed: its memcached key, whose last character
 * picks the slot) appends the body, copies the content type and returns true.
 */
bool hot_cache_get(const struct hot_cache *h, const char *hashed, const char *key, time_t now, struct buf *body,
                   char *content_type, size_t ct_size);
/* Keeps a copy of an entry that memcached holds until `until` (best effort: too large is skipped). */
void hot_cache_keep(struct hot_cache *h, const char *hashed, const char *key, const char *content_type,
                    const char *body, size_t len, time_t until, time_t now);

#endif
