/*
 * test_supervision.c: every supported way of running the workers replaces a killed worker within a
 * second, and again when all of them are killed at once: Debian's multiwatch under spawn-fcgi (the
 * stack's default), peba's pool on a socket of its own (peba-listen.service), and the pool on the
 * socket of fd 0 (peba.socket with peba.service). Each mode runs as a stack/variant beside the stack.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "array_len.h"
#include "harness.h"

#define HTML "text/html; charset=utf-8"
#define WORKERS 2
#define BACK_MAX_S 1.0
#define REQUESTS_AFTER 20

static const char *const modes[] = {"multiwatch", "pool", "socket"};

static void sleep_s(double seconds)
{
    struct timespec t = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};

    nanosleep(&t, NULL);
}

/* True when master has WORKERS live workers and none of them is one of the n gone ones. */
static bool replaced(int master, const int *gone, size_t n)
{
    int pids[WORKERS + 4];
    size_t live = harness_children(master, pids, WORKERS + 4);

    for (size_t i = 0; i < live; i++)
        for (size_t j = 0; j < n; j++)
            if (pids[i] == gone[j])
                return false;
    return live == WORKERS;
}

/* SIGKILLs the n workers and returns the seconds until the supervisor has WORKERS new ones. */
static double kill_and_time(int master, const int *victims, size_t n)
{
    double start = harness_clock(), took;

    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(kill(victims[i], SIGKILL), 0);
    while (!replaced(master, victims, n) && harness_clock() - start < 5 * BACK_MAX_S)
        sleep_s(0.002);
    took = harness_clock() - start;
    ck_assert_msg(replaced(master, victims, n), "%zu killed workers not replaced after %.2f s", n, took);
    return took;
}

/* The variant answers every one of a series of requests. */
static void answers(const char *base)
{
    struct http_reply r;

    for (int i = 0; i < REQUESTS_AFTER; i++) {
        http_request("GET", base, "/heartbeat", NULL, NULL, 0, &r);
        http_expect(&r, 200, HTML, "I'm alive");
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
    /* the pool holds back forks in the second it last forked (against fork storms): kill after it */
    sleep_s(1.1);
    ck_assert_uint_eq(harness_children(master, pids, WORKERS), WORKERS);
    took = kill_and_time(master, pids, 1);
    fprintf(stderr, "%s: one killed worker replaced in %.3f s\n", mode, took);
    ck_assert_msg(took < BACK_MAX_S, "%s: one worker replaced after %.2f s", mode, took);
    answers(base);
    /* every worker at once: without a supervisor the API would be gone */
    sleep_s(1.1);
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
    sleep_s(1.1);
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
    TCase *tc = harness_tcase("supervisors", NULL);

    tcase_add_unchecked_fixture(tc, NULL, stop_variants);
    tcase_add_loop_test(tc, a_killed_worker_is_back_within_a_second, 0, ARRAY_LEN(modes));
    tcase_add_test(tc, the_pool_holds_back_a_worker_that_dies_right_after_its_start);
    suite_add_tcase(s, tc);
    return harness_run(s);
}
