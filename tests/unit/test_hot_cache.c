/* test_hot_cache.c: unit tests of lib/hot_cache.c, a worker's copies of its recent response-cache entries. */
#include "hot_cache.h"
#include "unit.h"

#define NOW 1700000000
#define MAX_AGE 5
/* hashed keys as cache.c makes them: the last hex digit picks the slot */
#define HASHED_A "peba2:00000000000000000000000000000000000000a3"
#define HASHED_B "peba2:00000000000000000000000000000000000000b3"

/* Looks key up at time now; returns the body found, "" when none (and then checks nothing was appended). */
static const char *lookup(const struct hot_cache *h, const char *hashed, const char *key, time_t now,
                          struct buf *body, char ct[HOT_CACHE_TYPE_MAX])
{
    buf_reset(body, 0);
    ct[0] = '\0';
    if (!hot_cache_get(h, hashed, key, now, body, ct, HOT_CACHE_TYPE_MAX)) {
        ck_assert_uint_eq(body->len, 0);
        return "";
    }
    return body->data;
}

START_TEST(a_kept_entry_is_served_with_its_content_type)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX];

    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "/alert/x?a=1", "application/json", "{\"n\":1}\n", 8, NOW + 10, NOW);
    assert_text_is(lookup(&h, HASHED_A, "/alert/x?a=1", NOW + MAX_AGE - 1, &body, ct), "{\"n\":1}\n");
    ck_assert_str_eq(ct, "application/json");
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(an_entry_dies_with_its_memcached_expiry_or_the_maximum_age)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX];

    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "k", "text/xml", "x", 1, NOW + MAX_AGE - 2, NOW);
    assert_text_is(lookup(&h, HASHED_A, "k", NOW + MAX_AGE - 3, &body, ct), "x");
    assert_text_is(lookup(&h, HASHED_A, "k", NOW + MAX_AGE - 2, &body, ct), "");
    hot_cache_keep(&h, HASHED_A, "k", "text/xml", "x", 1, NOW + 100000, NOW);
    assert_text_is(lookup(&h, HASHED_A, "k", NOW + MAX_AGE - 1, &body, ct), "x");
    assert_text_is(lookup(&h, HASHED_A, "k", NOW + MAX_AGE, &body, ct), "");
    hot_cache_keep(&h, HASHED_A, "k", "text/xml", "x", 1, NOW, NOW);
    assert_text_is(lookup(&h, HASHED_A, "k", NOW, &body, ct), "");
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(the_full_key_must_match_not_only_the_hash)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX];

    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "key one", "text/xml", "one", 3, NOW + 10, NOW);
    assert_text_is(lookup(&h, HASHED_A, "key two", NOW, &body, ct), "");
    assert_text_is(lookup(&h, HASHED_B, "key one", NOW, &body, ct), "");
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(a_newer_entry_of_the_same_slot_replaces_the_older)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX];

    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "a", "text/xml", "A", 1, NOW + 10, NOW);
    hot_cache_keep(&h, HASHED_B, "b", "text/xml", "B", 1, NOW + 10, NOW);
    assert_text_is(lookup(&h, HASHED_A, "a", NOW, &body, ct), "");
    assert_text_is(lookup(&h, HASHED_B, "b", NOW, &body, ct), "B");
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(large_bodies_and_long_content_types_are_not_copied)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX], long_type[HOT_CACHE_TYPE_MAX + 1];
    char *big = calloc(1, HOT_CACHE_BODY_MAX + 1);

    ck_assert_ptr_nonnull(big);
    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "a", "text/xml", "A", 1, NOW + 10, NOW);
    hot_cache_keep(&h, HASHED_A, "a", "text/xml", big, HOT_CACHE_BODY_MAX + 1, NOW + 10, NOW);
    assert_text_is(lookup(&h, HASHED_A, "a", NOW, &body, ct), ""); /* and the old copy is gone */
    hot_cache_keep(&h, HASHED_A, "a", "text/xml", big, HOT_CACHE_BODY_MAX, NOW + 10, NOW);
    ck_assert(hot_cache_get(&h, HASHED_A, "a", NOW, &body, ct, sizeof ct));
    ck_assert_uint_eq(body.len, HOT_CACHE_BODY_MAX);
    memset(long_type, 't', HOT_CACHE_TYPE_MAX);
    long_type[HOT_CACHE_TYPE_MAX] = '\0';
    hot_cache_keep(&h, HASHED_A, "a", long_type, "A", 1, NOW + 10, NOW);
    assert_text_is(lookup(&h, HASHED_A, "a", NOW, &body, ct), "");
    free(big);
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(a_content_type_longer_than_the_callers_room_is_a_miss)
{
    struct hot_cache h;
    struct buf body;
    char small[4];

    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "a", "text/xml", "A", 1, NOW + 10, NOW);
    ck_assert(!hot_cache_get(&h, HASHED_A, "a", NOW, &body, small, sizeof small));
    ck_assert_uint_eq(body.len, 0);
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(a_maximum_age_of_zero_keeps_nothing)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX];

    hot_cache_init(&h, 0);
    buf_init(&body, 0);
    hot_cache_keep(&h, HASHED_A, "a", "text/xml", "A", 1, NOW + 10, NOW);
    assert_text_is(lookup(&h, HASHED_A, "a", NOW, &body, ct), "");
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

START_TEST(an_empty_cache_has_nothing)
{
    struct hot_cache h;
    struct buf body;
    char ct[HOT_CACHE_TYPE_MAX];

    hot_cache_init(&h, MAX_AGE);
    buf_init(&body, 0);
    assert_text_is(lookup(&h, HASHED_A, "a", NOW, &body, ct), "");
    assert_text_is(lookup(&h, "", "", 0, &body, ct), "");
    buf_free(&body);
    hot_cache_free(&h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hot_cache");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_kept_entry_is_served_with_its_content_type);
    tcase_add_test(core, an_entry_dies_with_its_memcached_expiry_or_the_maximum_age);
    tcase_add_test(core, the_full_key_must_match_not_only_the_hash);
    tcase_add_test(core, a_newer_entry_of_the_same_slot_replaces_the_older);
    tcase_add_test(limits, large_bodies_and_long_content_types_are_not_copied);
    tcase_add_test(limits, a_content_type_longer_than_the_callers_room_is_a_miss);
    tcase_add_test(limits, a_maximum_age_of_zero_keeps_nothing);
    tcase_add_test(limits, an_empty_cache_has_nothing);
    return unit_run(s);
}
