/* hot_cache.c: a worker's copies of its most recently used response-cache entries (hot_cache.h). */
#include "hot_cache.h"

#include <string.h>

#define KEY_KEEP 4096

void hot_cache_init(struct hot_cache *h, long max_age)
{
    memset(h, 0, sizeof *h);
    h->max_age = max_age;
    for (size_t i = 0; i < HOT_CACHE_SLOTS; i++) {
        buf_init(&h->slots[i].key, 0);
        buf_init(&h->slots[i].body, HOT_CACHE_BODY_MAX);
    }
}

void hot_cache_free(struct hot_cache *h)
{
    for (size_t i = 0; i < HOT_CACHE_SLOTS; i++) {
        buf_free(&h->slots[i].key);
        buf_free(&h->slots[i].body);
    }
}

/* The slot of a hashed key: its last character, a hex digit of the SHA-1. */
static size_t slot_of(const char *hashed)
{
    size_t len = strlen(hashed);
    char last = len ? hashed[len - 1] : '0';

    return (size_t)(last <= '9' ? last - '0' : last - 'a' + 10) % HOT_CACHE_SLOTS;
}

bool hot_cache_get(const struct hot_cache *h, const char *hashed, const char *key, time_t now, struct buf *body,
                   char *content_type, size_t ct_size)
{
    const struct hot_copy *copy = &h->slots[slot_of(hashed)];
    size_t ct_len = strlen(copy->content_type);

    if (now >= copy->until || strcmp(copy->hashed, hashed) != 0 || !copy->key.data ||
        strcmp(copy->key.data, key) != 0 || ct_len >= ct_size)
        return false;
    memcpy(content_type, copy->content_type, ct_len + 1);
    return buf_append(body, copy->body.data, copy->body.len);
}

void hot_cache_keep(struct hot_cache *h, const char *hashed, const char *key, const char *content_type,
                    const char *body, size_t len, time_t until, time_t now)
{
    struct hot_copy *copy = &h->slots[slot_of(hashed)];

    copy->hashed[0] = '\0';
    if (h->max_age <= 0 || len > HOT_CACHE_BODY_MAX || strlen(hashed) >= sizeof copy->hashed ||
        strlen(content_type) >= sizeof copy->content_type || until <= now)
        return;
    buf_reset(&copy->key, KEY_KEEP);
    buf_reset(&copy->body, HOT_CACHE_BODY_MAX);
    if (!buf_puts(&copy->key, key) || !buf_append(&copy->body, body, len))
        return;
    strcpy(copy->content_type, content_type);
    strcpy(copy->hashed, hashed);
    copy->until = until < now + h->max_age ? until : now + h->max_age;
}
