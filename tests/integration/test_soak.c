/*
 * test_soak.c: wrk at full speed through nginx, SOAK_SECONDS (60) against a cached endpoint, then as
 * long against a mix (tests/integration/soak.lua): no failed request, and the workers' memory stays
 * flat. Slow: ctest label `soak`, which stack/test leaves out (`ctest -L soak` runs it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAX_WORKERS 64
#define WRK_THREADS "2"
#define WRK_CONNECTIONS "32"
#define RSS_GROWTH_MAX_KB 4096 /* per worker, over both runs, after a warm-up */

/* wrk for seconds against path, or with tests/integration/soak.lua's mix when path is NULL. */
static void run_wrk(const char *what, int seconds, const char *path, struct wrk_result *w)
{
    char *out;
    int status;

    if (path)
        status =
            harness_capture(&out, "wrk -t" WRK_THREADS " -c" WRK_CONNECTIONS " -d%ds --timeout 10s '%s%s'",
                            seconds, harness_env("HTTP_URL"), path);
    else
        status = harness_capture(&out,
                                 "wrk -t" WRK_THREADS " -c" WRK_CONNECTIONS
                                 " -d%ds --timeout 10s -s '%s/tests/integration/soak.lua' '%s'",
                                 seconds, getenv("PEBA_SOURCE_DIR"), harness_env("HTTP_URL"));
    fprintf(stderr, "== %s\n%s", what, out);
    ck_assert_msg(status == 0, "%s: wrk failed with status %d (is it installed?)", what, status);
    harness_wrk_parse(out, path == NULL, w);
    free(out);
    fprintf(stderr, "%s: %lld requests (%.0f/s), %lld failed (%lld socket errors)\n", what, w->requests,
            w->rps, w->failed, w->socket_errors);
}

/* VmRSS of each worker in kB; returns how many workers. */
static size_t worker_rss(long *rss_kb, int *pids)
{
    size_t n = harness_workers(pids, MAX_WORKERS);

    ck_assert_msg(n > 0, "no workers under the supervisor of workers.pid");
    for (size_t i = 0; i < n; i++) {
        char path[64], line[256];
        FILE *f;

        snprintf(path, sizeof path, "/proc/%d/status", pids[i]);
        ck_assert_msg((f = fopen(path, "r")) != NULL, "worker %d is gone", pids[i]);
        rss_kb[i] = -1;
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "VmRSS:", 6) == 0)
                rss_kb[i] = atol(line + 6);
        fclose(f);
    }
    return n;
}

static void load_soak_data(void)
{
    LOAD_ALERTS({.age = 30}, {.age = 90, .peer_type = "SSH/console(cowrie)", .source_ip = "45.67.89.10"},
                {.age = 400, .private_domain = true, .target_port = "445"},
                {.age = 4000, .peer_type = "Network(honeytrap)", .country = "CN", .country_name = "China"},
                {.age = 90000, .request = "/wp-login.php"});
    ck_assert_int_eq(run_pebactl("soak-s3cret\n", "user add soak-user"), 0);
}

START_TEST(full_speed_for_a_minute_without_errors_or_growth)
{
    const char *env_seconds = getenv("SOAK_SECONDS");
    int seconds = env_seconds ? atoi(env_seconds) : 60;
    int pids[MAX_WORKERS], pids_after[MAX_WORKERS];
    long before[MAX_WORKERS], after[MAX_WORKERS];
    struct wrk_result warm, cached, mixed;
    size_t n;

    /* buffers grow to their working size first */
    run_wrk("warm-up (5 s, mix)", 5, NULL, &warm);
    n = worker_rss(before, pids);
    run_wrk("cached endpoint", seconds, "/alert/retrieveAlertsCount?time=10", &cached);
    run_wrk("mix", seconds, NULL, &mixed);
    ck_assert_uint_eq(worker_rss(after, pids_after), n);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "worker %d: VmRSS %ld kB after the warm-up, %ld kB at the end\n", pids[i], before[i],
                after[i]);
        ck_assert_msg(pids[i] == pids_after[i], "worker %d was replaced", pids[i]);
        ck_assert_msg(after[i] - before[i] <= RSS_GROWTH_MAX_KB, "worker %d grew by %ld kB", pids[i],
                      after[i] - before[i]);
    }
    ck_assert_msg(warm.failed == 0 && cached.failed == 0 && mixed.failed == 0,
                  "failed requests: %lld, %lld, %lld", warm.failed, cached.failed, mixed.failed);
    ck_assert(cached.requests > 0 && mixed.requests > 0);
}
END_TEST

int main(void)
{
    const char *env_seconds = getenv("SOAK_SECONDS");
    Suite *s = suite_create("soak");
    TCase *tc = HARNESS_CASE(s, "wrk", load_soak_data, full_speed_for_a_minute_without_errors_or_growth);

    tcase_set_timeout(tc, 2.0 * (env_seconds ? atoi(env_seconds) : 60) + 60);
    return harness_run(s);
}
