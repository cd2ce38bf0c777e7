/*
 * test_supervision.c: every supported way of running the workers replaces a killed worker within a
 * second, and again when all of them are killed at once: Debian's multiwatch under spawn-fcgi (the
 * stack's default), peba's pool on a socket of its own (peba-listen.service), and the pool on the
 * socket of fd 0 (peba.socket with peba.service). Each mode runs as a stack/variant beside the stack.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define WORKERS 2
#define BACK_MAX_S 1.0
#define REQUESTS_AFTER 20

static const char *const modes[] = {"multiwatch", "pool", "socket"};

/* A supervisor and the workers it lost. */
struct loss {
    int master;
    const int *gone;
    size_t n;
};

/* The supervisor has WORKERS live workers again, none of them one of the gone ones. */
static bool replaced(void *ctx)
{
    const struct loss *l = ctx;
    int pids[WORKERS + 4];
    size_t live = harness_children(l->master, pids, WORKERS + 4);

    for (size_t i = 0; i < live; i++)
        for (size_t j = 0; j < l->n; j++)
            if (pids[i] == l->gone[j])
                return false;
    return live == WORKERS;
}

/* SIGKILLs the n workers and returns the seconds until the supervisor has WORKERS new ones. */
static double kill_and_time(int master, const int *victims, size_t n)
{
    struct loss l = {master, victims, n};

    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(kill(victims[i], SIGKILL), 0);
    return harness_wait_until("the killed workers replaced", 5 * BACK_MAX_S, replaced, &l);
}

/* The variant answers every one of a series of requests. */
static void answers(const char *base)
{
    struct http_reply r;

    for (int i = 0; i < REQUESTS_AFTER; i++) {
        http_request("GET", base, "/heartbeat", NULL, NULL, 0, &r);
        http_expect(&r, 200, HTTP_HTML, "I'm alive");
        http_reply_free(&r);
    }
}

START_TEST(a_killed_worker_is_back_within_a_second)
{
    const char *mode = modes[_i];
    char settings[128], base[256];
    int pids[WORKERS], master;
    double took;

    snprintf(settings, sizeof settings, "WORKERS_MODE=%s WORKERS=%d", mode, WORKERS);
    harness_variant_up(mode, settings);
    harness_variant_env(mode, "HTTP_URL", base, sizeof base);
    master = harness_variant_master(mode);
    answers(base);
    /* peba's pool holds back a worker that ends within a second of its start (against fork storms) */
    harness_wait_children_older(master, WORKERS, 1.0);
    ck_assert_uint_eq(harness_children(master, pids, WORKERS), WORKERS);
    took = kill_and_time(master, pids, 1);
    fprintf(stderr, "%s: one killed worker replaced in %.3f s\n", mode, took);
    ck_assert_msg(took < BACK_MAX_S, "%s: one worker replaced after %.2f s", mode, took);
    answers(base);
    /* every worker at once: without a supervisor the API would be gone */
    harness_wait_children_older(master, WORKERS, 1.0);
    ck_assert_uint_eq(harness_children(master, pids, WORKERS), WORKERS);
    took = kill_and_time(master, pids, WORKERS);
    fprintf(stderr, "%s: all %d workers replaced in %.3f s\n", mode, WORKERS, took);
    ck_assert_msg(took < BACK_MAX_S, "%s: all workers replaced after %.2f s", mode, took);
    answers(base);
    harness_variant_down(mode);
}
END_TEST

/*
 * peba's pool holds back the next start of a slot whose worker ended within a second of its own
 * start, so a worker that cannot start does not turn into a fork storm; the other slots are not
 * held back.
 */
START_TEST(the_pool_holds_back_a_worker_that_dies_right_after_its_start)
{
    int pids[WORKERS], now[WORKERS], newcomer, master;
    double took;

    harness_variant_up("pool", "WORKERS_MODE=pool WORKERS=2");
    master = harness_variant_master("pool");
    harness_wait_children_older(master, WORKERS, 1.0);
    ck_assert_uint_eq(harness_children(master, pids, WORKERS), WORKERS);
    took = kill_and_time(master, pids, 1);
    ck_assert_msg(took < BACK_MAX_S, "replaced after %.2f s", took);
    /* the replacement of pids[0], killed at once: it died young */
    ck_assert_uint_eq(harness_children(master, now, WORKERS), WORKERS);
    newcomer = now[0] == pids[1] ? now[1] : now[0];
    took = kill_and_time(master, &newcomer, 1);
    fprintf(stderr, "pool: a worker that died young replaced in %.3f s\n", took);
    ck_assert_msg(took >= 0.9 && took < 2.5, "a worker that died young replaced after %.2f s", took);
    harness_variant_down("pool");
}
END_TEST

/* Whatever a failed test left running. */
static void stop_variants(void)
{
    for (size_t i = 0; i < ARRAY_LEN(modes); i++)
        harness_variant_down(modes[i]);
}

int main(void)
{
    Suite *s = suite_create("supervision");
    TCase *tc =
        HARNESS_CASE(s, "supervisors", NULL, the_pool_holds_back_a_worker_that_dies_right_after_its_start);

    tcase_add_loop_test(tc, a_killed_worker_is_back_within_a_second, 0, ARRAY_LEN(modes));
    tcase_add_unchecked_fixture(tc, NULL, stop_variants);
    return harness_run(s);
}
