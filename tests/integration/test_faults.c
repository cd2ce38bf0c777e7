/*
 * test_faults.c: a paused or stopped search engine gives 503 in bounded time, never 502, and
 * peba recovers by itself when the engine comes back. Runs after every other integration test:
 * a restarted engine starts empty.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"

#define MARGIN_S 2.0      /* slack on top of the workers' engine timeout */
#define REFUSED_MAX_S 1.5 /* a refused connection is answered at once */
#define MAX_WORKERS 64

/* The endpoints that need the engine; "/alert/heartbeat" reports on it too. */
static const char *const engine_paths[] = {
    "/alert/retrieveAlertsCount?time=10",
    "/alert/retrieveAlertsCount?time=day&out=json",
    "/alert/retrieveAlertsCountWithType?time=10",
    "/alert/retrieveAlertStats?ci=-1",
    "/alert/retrieveAlertsJson",
    "/heartbeat",
    "/alert/heartbeat",
};
#define ENGINE_PATHS ARRAY_LEN(engine_paths)

static void load_fixture(void)
{
    /* ages keep clear of the 1- and 5-minute windows' edges for the test's duration */
    LOAD_ALERTS({.id = "f-1", .age = 70}, {.id = "f-2", .age = 100, .peer_type = "SSH/console(cowrie)"},
                {.id = "f-3", .age = 130, .private_domain = true});
}

/* The current answer of every engine path, cache bypassed; all must be 200. */
static void snapshot(char *bodies[ENGINE_PATHS])
{
    harness_flush_cache();
    for (size_t i = 0; i < ENGINE_PATHS; i++) {
        struct http_reply r;

        http_get(engine_paths[i], &r);
        ck_assert_msg(r.status == 200, "%s: %ld %s", engine_paths[i], r.status, r.body);
        bodies[i] = r.body;
        r.body = NULL;
        http_reply_free(&r);
    }
}

/* Every engine path answers 503 (in its route's format) within max_s seconds. */
static void expect_unavailable(double max_s)
{
    harness_flush_cache();
    for (size_t i = 0; i < ENGINE_PATHS; i++) {
        struct http_reply r;
        double start = harness_clock(), took;

        http_get(engine_paths[i], &r);
        took = harness_clock() - start;
        ck_assert_msg(r.status == 503, "%s: %ld (not 503) %s", engine_paths[i], r.status, r.body);
        ck_assert_msg(took < max_s, "%s: 503 after %.2f s, limit %.2f s", engine_paths[i], took, max_s);
        ck_assert_msg(strstr(r.body, "search engine") || strstr(r.body, "\"down\""), "%s: %s",
                      engine_paths[i], r.body);
        fprintf(stderr, "%s: 503 in %.2f s\n", engine_paths[i], took);
        http_reply_free(&r);
    }
}

/* The pids of the workers stack/up started, all alive. */
static size_t live_workers(int *pids)
{
    size_t n = harness_workers(pids, MAX_WORKERS);

    ck_assert_msg(n > 0, "no workers under the supervisor of workers.pid");
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(kill(pids[i], 0) == 0, "worker %d is gone", pids[i]);
    return n;
}

START_TEST(paused_engine_gives_503_within_the_timeout)
{
    double limit = (double)harness_config()->es_timeout_ms / 1000.0 + MARGIN_S;
    char *before[ENGINE_PATHS], *after[ENGINE_PATHS];
    int pids[MAX_WORKERS], pids_after[MAX_WORKERS];
    size_t workers = live_workers(pids);

    snapshot(before);
    harness_es_ctl("pause");
    expect_unavailable(limit);
    harness_es_ctl("resume");
    fprintf(stderr, "engine answering %.2f s after SIGCONT\n", harness_wait_for_engine());
    snapshot(after);
    for (size_t i = 0; i < ENGINE_PATHS; i++) {
        /* the live counters of /alert/heartbeat differ by design */
        if (strcmp(engine_paths[i], "/alert/heartbeat") != 0)
            ck_assert_msg(strcmp(before[i], after[i]) == 0, "%s changed:\n%s\n%s", engine_paths[i], before[i],
                          after[i]);
        free(before[i]);
        free(after[i]);
    }
    ck_assert_uint_eq(live_workers(pids_after), workers);
    ck_assert_msg(memcmp(pids, pids_after, workers * sizeof pids[0]) == 0, "workers were replaced");
}
END_TEST

START_TEST(stopped_engine_gives_503_at_once_and_recovers)
{
    int pids[MAX_WORKERS];
    size_t workers = live_workers(pids);
    struct http_reply r;

    harness_es_ctl("stop");
    expect_unavailable(REFUSED_MAX_S);
    harness_es_ctl("start");
    fprintf(stderr, "engine answering %.2f s after the restart\n", harness_wait_for_engine());
    /* the new node is empty: set it up and load again, as an operator would */
    ck_assert_int_eq(run_pebactl(NULL, "setup"), 0);
    load_fixture();
    harness_flush_cache();
    http_get_expect("/alert/retrieveAlertsCount?time=10&ci=-1&out=json", 200, HTTP_JSON,
                    "{\"AlertCount\":3}\n");
    http_get("/alert/heartbeat", &r);
    http_expect(&r, 200, HTTP_JSON, NULL);
    http_reply_free(&r);
    ck_assert_uint_eq(live_workers(pids), workers);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = HARNESS_CASE(s, "engine", load_fixture, paused_engine_gives_503_within_the_timeout,
                             stopped_engine_gives_503_at_once_and_recovers);

    /* a failed test may leave the engine paused or stopped: the next one, and the end, bring it back */
    tcase_add_checked_fixture(tc, harness_restore_engine, NULL);
    tcase_add_unchecked_fixture(tc, NULL, harness_restore_engine);
    tcase_set_timeout(tc, 300);
    return harness_run(s);
}
