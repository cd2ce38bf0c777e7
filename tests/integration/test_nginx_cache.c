/*
 * test_nginx_cache.c: nginx's cache of public answers and the engine breaker behind it. What nginx
 * stores and under which key (read from its cache files), one engine search per expiry of a hot
 * key under load, and a paused engine under dashboard load: every dashboard answer 200 within a
 * second (fresh or stale), uncached requests 503 at once while the breaker is open, fresh answers
 * again after the engine resumes. docs/reliability.md has the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "harness.h"

#define LOAD_CONNECTIONS 32
/* Dashboard load paced to about 3,200 requests/s: the test's client then leaves the 2-core machine the
 * CPU the timings it checks need (unpaced it alone makes some 40,000/s) */
#define DASHBOARD_PAUSE_MS 10
#define PAUSE_S 30.0
#define DASHBOARD_SLOWEST_S 1.0    /* the longest a dashboard answer may take while the engine is paused */
#define BREAKER_ANSWER_MAX_S 0.050 /* an uncached request while the breaker is open */
#define RETRY_MARGIN_S 3.0 /* on top of TTL + retry wait: the request that finds the entry, the refresh */

/* What the dashboard page asks (web/js), community and all domains. */
static const char *const dashboard_paths[] = {
    "/alert/retrieveAlertsCount?time=1&out=json&ci=1",
    "/alert/retrieveAlertsCount?time=60&out=json&ci=1",
    "/alert/retrieveAlertsJson?ci=1",
    "/alert/retrieveAlertStats",
    "/alert/retrieveAlertsCountWithType?time=60",
    "/alert/topCountriesAttacks?topx=10&ci=1",
    "/alert/retrieveLatLonAttacks?direction=src&topx=25&ci=1",
    "/alert/datasetAlertsPerMonth?days=7&ci=1",
    "/alert/datasetAlertTypesPerMonth?days=7&ci=1",
    "/alert/tops?type=urls&days=7&topx=10",
};

static void load_fixture(void)
{
    LOAD_ALERTS({.id = "n-1", .age = 20}, {.id = "n-2", .age = 40, .peer_type = "SSH/console(cowrie)"},
                {.id = "n-3", .age = 90, .private_domain = true, .request = "/admin"},
                {.id = "n-4", .age = 3600, .country = "US", .country_name = "United States"});
}

/* GET path_query with an optional Origin header. */
static void get_with_origin(const char *path_query, const char *origin, struct http_reply *r)
{
    char line[256];
    const char *headers[] = {line, NULL};

    snprintf(line, sizeof line, "Origin: %s", origin ? origin : "");
    http_request("GET", NULL, path_query, origin ? headers : NULL, NULL, 0, r);
}

struct stored {
    const char *path_query, *origin;
    char *entry;
};

static bool entry_written(void *ctx)
{
    struct stored *s = ctx;

    return (s->entry = harness_nginx_cache_entry(s->path_query, s->origin)) != NULL;
}

/*
 * nginx holds an answer for path_query whose X-Accel-Expires is at most ttl and more than ttl - slack.
 * nginx renames the file into place as it finishes the request, which may be just after the client
 * has the whole answer: a short wait.
 */
static void expect_stored(const char *path_query, const char *origin, long ttl, long slack)
{
    struct stored s = {path_query, origin, NULL};
    char *entry;
    const char *expires;
    long seconds;

    ck_assert_msg(harness_poll_until(2.0, entry_written, &s), "nginx stored no answer for %s (Origin %s)",
                  path_query, origin ? origin : "none");
    entry = s.entry;
    expires = strstr(entry, "\nX-Accel-Expires: ");
    ck_assert_msg(expires != NULL, "%s: stored without X-Accel-Expires:\n%.400s", path_query, entry);
    seconds = strtol(expires + 18, NULL, 10);
    ck_assert_msg(seconds <= ttl && seconds > ttl - slack, "%s: X-Accel-Expires %ld, expected %ld (-%ld)",
                  path_query, seconds, ttl, slack);
    free(entry);
}

#define NOT_STORED_MAX 24
#define STORE_DELAY_MAX_S 0.5 /* past this, an answer nginx meant to keep would be in its file */

static const char *not_stored[NOT_STORED_MAX];
static size_t not_stored_count;

/* method path_query answers status; expect_none_stored() checks later that nginx kept nothing of it. */
static void answer_not_stored(const char *method, const char *path_query, long status)
{
    struct http_reply r;
    bool post = strcmp(method, "POST") == 0;

    http_request(method, NULL, path_query, NULL, post ? "<x/>" : NULL, post ? 4 : 0, &r);
    ck_assert_msg(r.status == status, "%s %s: %ld, expected %ld: %s", method, path_query, r.status, status,
                  r.body);
    http_reply_free(&r);
    ck_assert_uint_lt(not_stored_count, NOT_STORED_MAX);
    not_stored[not_stored_count++] = path_query;
}

static void expect_none_stored(void)
{
    usleep((useconds_t)(STORE_DELAY_MAX_S * 1e6));
    for (size_t i = 0; i < not_stored_count; i++) {
        char *entry = harness_nginx_cache_entry(not_stored[i], NULL);

        ck_assert_msg(entry == NULL, "%s was stored:\n%.300s", not_stored[i], entry);
    }
}

START_TEST(errors_posts_private_routes_and_options_are_never_stored)
{
    static char long_query[5000];

    harness_flush_cache();
    answer_not_stored("GET", "/alert/retrieveAlertsCount", 400);
    answer_not_stored("GET", "/alert/retrieveAlertsCount?time=x", 400);
    answer_not_stored("GET", "/alert/nosuch", 404);
    answer_not_stored("GET", "/alert/retrieveIPs", 405);
    answer_not_stored("OPTIONS", "/alert/retrieveAlertStats", 200);
    answer_not_stored("POST", "/alert/retrieveAlertStats", 405);
    answer_not_stored("POST", "/alert/retrieveIPs", 403);
    answer_not_stored("POST", "/alert/querySingleIP?ip=192.0.2.10", 403);
    answer_not_stored("POST", "/ews-0.1/alert/postSimpleMessage", 403);
    /* uncached routes: the heartbeats, the redirect */
    answer_not_stored("GET", "/alert/heartbeat", 200);
    answer_not_stored("GET", "/heartbeat", 200);
    answer_not_stored("GET", "/", 302);
    /* 414 past max_query_bytes */
    memset(long_query, 'a', sizeof long_query);
    memcpy(long_query, "/alert/retrieveAlertsCount?time=10&x=", 37);
    long_query[sizeof long_query - 1] = '\0';
    answer_not_stored("GET", long_query, 414);
    /* an empty getStats answer stays uncached (the original cached it only when it found something) */
    answer_not_stored("GET", "/alert/getStats?gte=2000-01-01+00:00:00&lt=2000-01-02+00:00:00", 200);
    expect_none_stored();
}
END_TEST

START_TEST(each_variant_is_its_own_entry)
{
    static const char *const variants[] = {
        "/alert/retrieveAlertsCount?time=10",          "/alert/retrieveAlertsCount?time=10&ci=0",
        "/alert/retrieveAlertsCount?time=10&ci=1",     "/alert/retrieveAlertsCount?time=10&ci=-1",
        "/alert/retrieveAlertsCount?time=10&out=json",
    };
    char *first[ARRAY_LEN(variants)];

    harness_flush_cache();
    for (size_t i = 0; i < ARRAY_LEN(variants); i++) {
        struct http_reply r;

        http_get(variants[i], &r);
        ck_assert_msg(r.status == 200 && strcmp(http_header(&r, "X-Cache-Status"), "MISS") == 0, "%s: %ld %s",
                      variants[i], r.status, r.headers);
        expect_stored(variants[i], NULL, 60, 3);
        first[i] = r.body;
        r.body = NULL;
        http_reply_free(&r);
    }
    ck_assert_str_ne(first[0], first[4]); /* XML and JSON */
    ck_assert_str_ne(first[1], first[3]); /* 1 private alert of 3 in the last 10 minutes */
    for (size_t i = 0; i < ARRAY_LEN(variants); i++) {
        struct http_reply r;

        http_get(variants[i], &r);
        ck_assert_str_eq(http_header(&r, "X-Cache-Status"), "HIT");
        ck_assert_str_eq(r.body, first[i]);
        http_reply_free(&r);
        free(first[i]);
    }
}
END_TEST

/* The CORS headers peba sends depend on Origin: nginx must never hand one client's to another. */
START_TEST(cors_headers_are_kept_per_origin)
{
    static const char *const origins[] = {NULL, "http://sicherheitstacho.eu", "http://SicherheitsTacho.eu",
                                          "http://elsewhere.example"};
    static const char *const allowed[] = {"http://sicherheitstacho.eu", "http://sicherheitstacho.eu",
                                          "http://SicherheitsTacho.eu", NULL};
    const char *path = "/alert/retrieveAlertStats";

    harness_flush_cache();
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < ARRAY_LEN(origins); i++) {
            struct http_reply r;
            const char *acao;

            get_with_origin(path, origins[i], &r);
            acao = http_header(&r, "Access-Control-Allow-Origin");
            ck_assert_str_eq(http_header(&r, "X-Cache-Status"), round ? "HIT" : "MISS");
            ck_assert_str_eq(http_header(&r, "Access-Control-Allow-Credentials"), "true");
            ck_assert_str_eq(r.content_type, HTTP_JSON);
            if (allowed[i])
                ck_assert_msg(acao && strcmp(acao, allowed[i]) == 0, "Origin %s: %s", origins[i], r.headers);
            else
                ck_assert_msg(acao == NULL, "Origin %s got %s", origins[i], acao);
            http_reply_free(&r);
        }
    }
}
END_TEST

START_TEST(head_and_get_share_an_entry_with_the_body)
{
    const char *path = "/alert/retrieveAlertsCount?time=10&out=json&ci=-1";
    struct http_reply r;

    harness_flush_cache();
    http_request("HEAD", NULL, path, NULL, NULL, 0, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(http_header(&r, "X-Cache-Status"), "MISS");
    http_reply_free(&r);
    http_get(path, &r);
    http_expect(&r, 200, HTTP_JSON, "{\"AlertCount\":3}\n");
    ck_assert_str_eq(http_header(&r, "X-Cache-Status"), "HIT");
    http_reply_free(&r);
}
END_TEST

START_TEST(the_stored_life_is_the_route_ttl_the_handler_ttl_or_what_memcached_has_left)
{
    char today[64], past[64];
    time_t now = time(NULL);
    struct tm tm;

    harness_flush_cache();
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "/alert/TpotStats?day=%Y%m%d", &tm);
    snprintf(past, sizeof past, "/alert/TpotStats?day=20200101");
    http_get_expect(today, 200, HTTP_JSON, NULL);
    http_get_expect(past, 200, HTTP_JSON, NULL);
    expect_stored(today, NULL, 60, 3);     /* the day still collects alerts */
    expect_stored(past, NULL, 2419200, 3); /* the route's TTL */
    /* a memcached hit tells nginx the life the entry has left */
    http_get_expect("/alert/retrieveAlertStats", 200, HTTP_JSON, NULL);
    sleep(3);
    harness_empty_nginx_cache();
    http_get_expect("/alert/retrieveAlertStats", 200, HTTP_JSON, NULL);
    expect_stored("/alert/retrieveAlertStats", NULL, 11, 3);
}
END_TEST

/* Answers until an entry with this TTL expires once under load; the engine sees one miss's searches. */
START_TEST(a_hot_key_that_expires_under_load_is_searched_once)
{
    static const char *const hot[] = {"/alert/retrieveAlertStats?ci=0"}; /* TTL 13 s */
    struct harness_load_result result;
    struct harness_load *load;
    long long before, per_miss;
    double start;

    harness_flush_cache();
    before = es_search_total();
    http_get_expect(hot[0], 200, HTTP_JSON, NULL);
    per_miss = es_search_total() - before;
    start = harness_clock();
    ck_assert_int_gt(per_miss, 0);
    load = harness_load_start(hot, 1, LOAD_CONNECTIONS, 0);
    /* one expiry inside the window (13 s), the next one (26 s) well outside */
    while (harness_clock() - start < 19.0)
        usleep(100 * 1000);
    harness_load_stop(load, &result);
    fprintf(stderr,
            "hot key: %lu answers in %.1f s, slowest %.3f s; HIT %lu, UPDATING %lu, STALE %lu, EXPIRED %lu, "
            "MISS %lu; %lld searches (one miss: %lld)\n",
            result.requests, harness_clock() - start, result.slowest_s, result.by_cache[CACHE_HIT],
            result.by_cache[CACHE_UPDATING], result.by_cache[CACHE_STALE], result.by_cache[CACHE_EXPIRED],
            result.by_cache[CACHE_MISS], es_search_total() - before - per_miss, per_miss);
    ck_assert_msg(result.ok == result.requests, "%s", result.failure);
    ck_assert_uint_gt(result.by_cache[CACHE_UPDATING] + result.by_cache[CACHE_STALE], 0);
    ck_assert_int_eq(es_search_total() - before, 2 * per_miss);
}
END_TEST

/* The breaker's state as /alert/heartbeat shows it ("open", "closed"); the heartbeat is never cached. */
static bool breaker_is(const char *state)
{
    struct http_reply r;
    cJSON *doc;
    const char *seen;
    bool same;

    http_get("/alert/heartbeat", &r);
    doc = cJSON_Parse(r.body);
    seen = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "elasticsearch"), "breaker"));
    ck_assert_msg(seen != NULL, "/alert/heartbeat: %s", r.body);
    same = strcmp(seen, state) == 0;
    cJSON_Delete(doc);
    http_reply_free(&r);
    return same;
}

static bool breaker_open(void *ctx)
{
    (void)ctx;
    return breaker_is("open");
}

/* A dashboard entry refreshed since the engine came back: nginx answers from a fresh copy. */
static bool fresh_again(void *ctx)
{
    const char *path = ctx;
    struct http_reply r;
    bool fresh;

    http_get(path, &r);
    ck_assert_int_eq(r.status, 200);
    fresh = strcmp(http_header(&r, "X-Cache-Status"), "HIT") == 0;
    http_reply_free(&r);
    return fresh;
}

START_TEST(a_paused_engine_leaves_the_dashboard_answering)
{
    const struct peba_config *cfg = harness_config();
    struct harness_load_result result;
    struct harness_load *load;
    unsigned long breaker_answers = 0, probes = 0;
    double paused_at, slowest_breaker = 0, recovered;
    int n = 0;

    harness_flush_cache();
    for (size_t i = 0; i < ARRAY_LEN(dashboard_paths); i++)
        http_get_expect(dashboard_paths[i], 200, HTTP_JSON, NULL);
    load =
        harness_load_start(dashboard_paths, ARRAY_LEN(dashboard_paths), LOAD_CONNECTIONS, DASHBOARD_PAUSE_MS);
    harness_es_ctl("pause");
    paused_at = harness_clock();
    /* uncached requests, a new key each: the first one waits out its budget and opens the breaker */
    harness_wait_until("the breaker opens", 10.0, breaker_open, NULL);
    while (harness_clock() - paused_at < PAUSE_S) {
        char path[64];
        struct http_reply r;
        double t0 = harness_clock(), took;

        snprintf(path, sizeof path, "/alert/retrieveAlertsCount?time=%d&out=json", 2000 + n++);
        http_get(path, &r);
        took = harness_clock() - t0;
        ck_assert_msg(r.status == 503, "%s: %ld %s", path, r.status, r.body);
        if (strstr(r.body, "every host failed recently")) {
            breaker_answers++;
            if (took > slowest_breaker)
                slowest_breaker = took;
        } else {
            probes++; /* this request was the one probe the breaker lets through */
        }
        http_reply_free(&r);
        usleep(200 * 1000);
    }
    harness_es_ctl("resume");
    harness_load_stop(load, &result);
    /* the 503s are not kept: the first and the last uncached request left no file */
    for (int i = 0; i < 2; i++) {
        char path[64], *entry;

        snprintf(path, sizeof path, "/alert/retrieveAlertsCount?time=%d&out=json", 2000 + (i ? n - 1 : 0));
        entry = harness_nginx_cache_entry(path, NULL);
        ck_assert_msg(entry == NULL, "the 503 of %s was stored:\n%.300s", path, entry);
    }
    fprintf(stderr,
            "engine paused %.1f s: dashboard %lu answers, %lu 200, slowest %.3f s; HIT %lu, UPDATING %lu, "
            "STALE %lu, EXPIRED %lu, MISS %lu; uncached: %lu breaker answers (slowest %.1f ms), %lu probes\n",
            harness_clock() - paused_at, result.requests, result.ok, result.slowest_s,
            result.by_cache[CACHE_HIT], result.by_cache[CACHE_UPDATING], result.by_cache[CACHE_STALE],
            result.by_cache[CACHE_EXPIRED], result.by_cache[CACHE_MISS], breaker_answers,
            slowest_breaker * 1000, probes);
    ck_assert_msg(result.ok == result.requests, "%s", result.failure);
    ck_assert_msg(result.slowest_s < DASHBOARD_SLOWEST_S, "a dashboard answer took %.3f s", result.slowest_s);
    ck_assert_uint_gt(result.by_cache[CACHE_STALE] + result.by_cache[CACHE_UPDATING], 0);
    ck_assert_uint_gt(breaker_answers, 20);
    ck_assert_msg(slowest_breaker < BREAKER_ANSWER_MAX_S, "a 503 of the open breaker took %.1f ms",
                  slowest_breaker * 1000);
    /* retrieveAlertStats (13 s) expired during the pause: a fresh copy within one TTL and the breaker's wait */
    recovered = harness_wait_until("fresh answers after the engine resumed",
                                   13.0 + (double)cfg->es_retry_after_max_ms / 1000.0 + RETRY_MARGIN_S,
                                   fresh_again, (void *)"/alert/retrieveAlertStats");
    fprintf(stderr, "fresh answers %.2f s after the engine resumed\n", recovered);
    ck_assert(breaker_is("closed"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("nginx_cache");
    TCase *load;

    HARNESS_CASE(s, "stored", load_fixture, errors_posts_private_routes_and_options_are_never_stored,
                 each_variant_is_its_own_entry, cors_headers_are_kept_per_origin,
                 head_and_get_share_an_entry_with_the_body,
                 the_stored_life_is_the_route_ttl_the_handler_ttl_or_what_memcached_has_left);
    load = HARNESS_CASE(s, "load", load_fixture, a_hot_key_that_expires_under_load_is_searched_once,
                        a_paused_engine_leaves_the_dashboard_answering);
    /* a failed test may leave the engine paused: the next one, and the end, bring it back */
    tcase_add_checked_fixture(load, harness_restore_engine, NULL);
    tcase_add_unchecked_fixture(load, NULL, harness_restore_engine);
    tcase_set_timeout(load, 120);
    return harness_run(s);
}
