/*
 * test_pools.c: the production layout's pools, under load from this test: a memcached pool of two
 * servers that loses one (no request fails, its keys move to the other), and two worker pools
 * behind one nginx upstream that lose one (no GET fails; a submission the dying pool had taken is
 * not sent to the other). Second memcached servers come from stack/mc-ctl, worker pools from
 * stack/variant; docs/deployment.md ("A production layout") describes the layout.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "array_len.h"
#include "buf.h"
#include "faults.h"
#include "harness.h"

#define LOAD_WHOLE 200 /* answers that show every server, or every pool, has its share */
#define COUNT_KEYS 40  /* distinct cached answers: with two servers, each holds some of them */
#define MAX_CHILDREN 16
#define POOL_ALERTS 5 /* alerts of each submission of the worker-pool test */
#define INGEST "/ews-0.1/alert/postSimpleMessage"
#define SECOND_MC "memcached-2"

/* retrieveAlertsCount of the last 1 to COUNT_KEYS minutes: that many cache keys of one cheap route. */
static char count_path_text[COUNT_KEYS][64];
static const char *count_paths[COUNT_KEYS];

/* Public answers of several routes, for the worker-pool load. */
static const char *const public_paths[] = {
    "/alert/retrieveAlertsCount?time=10&out=json",
    "/alert/retrieveAlertsCountWithType?time=60",
    "/alert/retrieveAlertStats",
    "/alert/retrieveAlertsJson",
    "/alert/topCountriesAttacks",
    "/alert/tops?type=urls",
};

static const char *const variants[] = {"mcpool", "pools"};

/* Whatever a failed test left: no variant running, no second memcached. */
static void restore(void)
{
    for (size_t i = 0; i < ARRAY_LEN(variants); i++)
        harness_variant_down(variants[i]);
    mc_ctl("stop", SECOND_MC, NULL, 0);
}

static void load_fixture(void)
{
    LOAD_ALERTS({.age = 30}, {.age = 90, .peer_type = "SSH/console(cowrie)"},
                {.age = 400, .private_domain = true},
                {.age = 4000, .peer_type = "Network(honeytrap)", .country = "CN", .country_name = "China"});
}

/* ---- memcached: a pool of two ---- */

/* Gets and hits of one memcached server. */
struct mc_counts {
    unsigned long long gets, hits, sets;
};

static struct mc_counts mc_counts_of(const char *server)
{
    return (struct mc_counts){mc_stat(server, "cmd_get"), mc_stat(server, "get_hits"),
                              mc_stat(server, "cmd_set")};
}

/* A memcached server's outage and the workers that must notice it. */
struct outage {
    const char *server;
    int workers[MAX_CHILDREN];
    size_t n;
};

/* True once each worker has logged the outage: from then on, none of them asks the stopped server. */
static bool noticed_by_every_worker(void *ctx)
{
    const struct outage *o = ctx;
    char path[1024], worker[32], *log;
    bool all = true;

    harness_variant_file("mcpool", "workers.log", path, sizeof path);
    log = harness_read_file(path);
    for (size_t i = 0; i < o->n && all; i++) {
        snprintf(worker, sizeof worker, "peba[%d]", o->workers[i]);
        all = count_lines(log, 0, worker, o->server, "its keys go to the other servers", (char *)NULL) > 0;
    }
    free(log);
    return all;
}

/*
 * The workers of a variant use the stack's memcached and a second one. The load's requests each
 * have their own URL, so whatever caches nginx keeps, every one reaches a worker, which asks
 * memcached: both servers must see gets and hits. Then the second one stops: no request fails, and
 * its keys, moved to the first, are misses once and hits again. The figures after the stop count
 * from the moment every worker has noticed it: until then the second server may still answer (its
 * stop takes a while on a loaded machine), and its answers are no sign of where the keys went.
 */
START_TEST(a_memcached_pool_loses_a_server_under_load)
{
    char second[64], servers[160], config[4096], settings[4200], base[256], log_path[1024];
    struct mc_counts first_before, second_before, first_at_stop, first_after;
    struct outage outage = {second, {0}, 0};
    unsigned long answers_at_stop, answers;
    struct load l;
    int lines;
    char *log;

    mc_ctl("start", SECOND_MC, second, sizeof second);
    snprintf(servers, sizeof servers, "%s,%s", harness_env("MC"), second);
    harness_rundir_path("mcpool.ini", config, sizeof config);
    harness_write_config(config, "servers", servers, NULL);
    snprintf(settings, sizeof settings, "WORKERS=2 CONFIG='%s'", config);
    variant_up("mcpool", settings, base, sizeof base);
    outage.n = harness_children(variant_pid("mcpool", "workers.pid"), outage.workers, MAX_CHILDREN);
    ck_assert_msg(outage.n == 2, "the variant has %zu workers", outage.n);
    first_before = mc_counts_of(harness_env("MC"));
    second_before = mc_counts_of(second);

    load_start(&l, base, count_paths, COUNT_KEYS, true);
    wait_for_answers(&l, LOAD_WHOLE, "answers with both memcached servers");
    {
        struct mc_counts f = mc_counts_of(harness_env("MC")), s = mc_counts_of(second);

        fprintf(stderr, "before the stop: %s %llu gets, %llu hits; %s %llu gets, %llu hits\n",
                harness_env("MC"), f.gets - first_before.gets, f.hits - first_before.hits, second,
                s.gets - second_before.gets, s.hits - second_before.hits);
        ck_assert_msg(f.hits > first_before.hits && s.hits > second_before.hits,
                      "both servers must serve hits: the keys are spread over the pool");
    }
    mc_ctl("stop", SECOND_MC, NULL, 0);
    harness_wait_until("every worker noticed the stop", FAULT_STATE_MAX_S, noticed_by_every_worker, &outage);
    first_at_stop = mc_counts_of(harness_env("MC"));
    answers_at_stop = atomic_load(&l.ok);
    wait_for_answers(&l, LOAD_WHOLE, "answers after every worker noticed the stop");
    load_stop(&l, "a memcached server of two stopped under load");
    answers = atomic_load(&l.ok) - answers_at_stop;
    first_after = mc_counts_of(harness_env("MC"));
    ck_assert_msg(atomic_load(&l.failed) == 0, "%lu of %lu requests failed", atomic_load(&l.failed),
                  atomic_load(&l.sent));
    /* the moved keys are stored on the first server once (per worker, or after an expiry) and hit there */
    fprintf(stderr, "after the stop: %lu answers; %s %llu gets, %llu hits, %llu sets\n", answers,
            harness_env("MC"), first_after.gets - first_at_stop.gets, first_after.hits - first_at_stop.hits,
            first_after.sets - first_at_stop.sets);
    /* every request looked its key up there, but those in flight when the window began */
    ck_assert_msg(first_after.gets - first_at_stop.gets + LOAD_PARALLEL >= answers,
                  "requests that did not ask the first server: their keys did not move");
    ck_assert_msg(first_after.hits - first_at_stop.hits >= answers / 2,
                  "the first server answered too few hits");
    ck_assert_msg(first_after.sets - first_at_stop.sets < answers / 2, "too many misses after the stop");
    /* one line per worker when the server goes (two if it answered once more while shutting down) */
    harness_variant_file("mcpool", "workers.log", log_path, sizeof log_path);
    log = harness_read_file(log_path);
    lines = count_lines(log, 0, second, "its keys go to the other servers", (char *)NULL);
    fprintf(stderr, "workers.log: %d lines on %s's outage\n", lines, second);
    ck_assert_int_ge(lines, 1);
    ck_assert_int_le(lines, 2 * 2);
    ck_assert_int_eq(count_lines(log, 0, harness_env("MC"), "memcached:", (char *)NULL), 0);
    free(log);
    harness_variant_down("mcpool");
}
END_TEST

/* ---- worker pools behind one upstream ---- */

/* The two pools' sockets, from the variant's SOCKETS (first,second), as two strings in sockets. */
static void pool_sockets(char sockets[512], const char **first, const char **second)
{
    char *comma;

    harness_variant_env("pools", "SOCKETS", sockets, 512);
    comma = strchr(sockets, ',');
    ck_assert_msg(comma != NULL, "SOCKETS=%s: not two pools", sockets);
    *comma = '\0';
    *first = sockets;
    *second = comma + 1;
}

/* Sends sig to pool 2's master and its workers (SIGKILL: the pool, as a host that dies, is gone at once). */
static void signal_pool_2(int sig)
{
    int master = variant_pid("pools", "pool-2/workers.pid"), workers[MAX_CHILDREN];
    char path[64];
    size_t n;

    snprintf(path, sizeof path, "/proc/%d/task/%d/children", master, master);
    n = harness_read_pids(path, workers, MAX_CHILDREN);
    ck_assert_msg(n == 2, "pool 2 has %zu workers", n);
    ck_assert_int_eq(kill(master, sig), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(kill(workers[i], sig), 0);
}

/* Access log lines of the variant's nginx from byte `from` that contain word (and also, unless NULL). */
static int access_lines(size_t from, const char *word, const char *also)
{
    char path[1024], *log;
    int n;

    harness_variant_file("pools", "nginx-access.log", path, sizeof path);
    log = harness_read_file(path);
    n = count_lines(log, from, word, also, (char *)NULL);
    free(log);
    return n;
}

static size_t access_log_size(void)
{
    char path[1024];

    harness_variant_file("pools", "nginx-access.log", path, sizeof path);
    return file_size(path);
}

START_TEST(two_worker_pools_lose_one_under_get_load)
{
    char base[256], sockets[512], only_second[600], second_then_first[1100];
    const char *first, *second;
    size_t from;
    struct load l;
    int retried;

    variant_up("pools", "WORKERS_MODE=pool WORKERS=2 POOLS=2", base, sizeof base);
    pool_sockets(sockets, &first, &second);
    snprintf(only_second, sizeof only_second, "upstream=\"unix:%s\"", second);
    snprintf(second_then_first, sizeof second_then_first,
             "upstream=\"unix:%s, unix:%s\" upstream_status=\"502, 200\"", second, first);
    load_start(&l, base, public_paths, ARRAY_LEN(public_paths), true);
    wait_for_answers(&l, LOAD_WHOLE, "answers of both pools");
    ck_assert_msg(access_lines(0, only_second, " 200 ") > 0, "pool 2 answered nothing");
    from = access_log_size();
    signal_pool_2(SIGKILL);
    wait_for_answers(&l, LOAD_WHOLE, "answers after pool 2 died");
    load_stop(&l, "one of two worker pools killed under GET load");
    ck_assert_msg(atomic_load(&l.failed) == 0, "%lu of %lu GET requests failed", atomic_load(&l.failed),
                  atomic_load(&l.sent));
    /* the first request nginx gave the dead pool found it refusing, and went on to the other */
    retried = access_lines(from, second_then_first, NULL);
    fprintf(stderr, "after the kill: %d requests tried pool 2 first and were answered by pool 1\n", retried);
    ck_assert_int_ge(retried, 1);
    /* and no answer of the dead pool's reached a client (requests pool 2 answered before it died may log after `from`) */
    ck_assert_int_eq(access_lines(from, only_second, "upstream_status=\"502\""), 0);
    harness_variant_down("pools");
}
END_TEST

/* A submission of POOL_ALERTS alerts from analyzer `sensor` (the community user's). */
static void pool_message(struct buf *m, const char *sensor)
{
    buf_init(m, 0);
    buf_printf(m,
               "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>%s</username><token>%s</token>"
               "</Authentication>",
               harness_config()->community_user, harness_config()->community_token);
    for (int i = 0; i < POOL_ALERTS; i++)
        buf_printf(m,
                   "<Alert><Analyzer id=\"%s\"/><CreateTime tz=\"+0000\">2024-05-01 10:00:%02d</CreateTime>"
                   "<Source category=\"ipv4\" port=\"4000%d\" protocol=\"tcp\">45.67.89.%d</Source>"
                   "<Target category=\"ipv4\" port=\"22\" protocol=\"tcp\">10.0.0.5</Target>"
                   "<Request type=\"description\">pool test</Request></Alert>",
                   sensor, i, i, 10 + i);
    buf_puts(m, "</EWS-SimpleMessage>");
    ck_assert(!m->failed);
}

/* Alerts of analyzer `sensor` in the engine, and index operations on the alert indices, after a refresh. */
static long long alerts_of(const char *sensor)
{
    char path[512], body[256];
    struct http_reply r;
    cJSON *reply;
    long long n;

    snprintf(path, sizeof path, "/%s/_refresh?allow_no_indices=true", harness_alert_pattern());
    es_raw("POST", path, NULL, &r);
    http_reply_free(&r);
    snprintf(path, sizeof path, "/%s/_count?allow_no_indices=true", harness_alert_pattern());
    snprintf(body, sizeof body, "{\"query\":{\"term\":{\"peerIdent\":\"%s\"}}}", sensor);
    es_raw("POST", path, body, &r);
    ck_assert_msg(r.status == 200, "_count: %ld %s", r.status, r.body);
    reply = cJSON_Parse(r.body);
    n = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(reply, "count"));
    cJSON_Delete(reply);
    http_reply_free(&r);
    return n;
}

static long long index_operations(void)
{
    char path[512];
    struct http_reply r;
    cJSON *reply, *total;
    long long n;

    snprintf(path, sizeof path, "/%s/_stats/indexing?allow_no_indices=true", harness_alert_pattern());
    es_raw("GET", path, NULL, &r);
    ck_assert_msg(r.status == 200, "_stats: %ld %s", r.status, r.body);
    reply = cJSON_Parse(r.body);
    total = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "_all"), "primaries");
    total =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(total, "indexing"), "index_total");
    n = cJSON_IsNumber(total) ? (long long)total->valuedouble : 0;
    cJSON_Delete(reply);
    http_reply_free(&r);
    return n;
}

static CURL *post_handle(const char *base, const struct buf *m, long *status)
{
    CURL *easy = curl_easy_init();
    char url[512];

    snprintf(url, sizeof url, "%s%s", base, INGEST);
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, m->data);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)m->len);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, status);
    return easy;
}

/* Runs multi until one more transfer ends; its status goes where its handle's private pointer says. */
static void one_more_answer(CURLM *multi)
{
    double start = harness_clock();
    int running = 1, left;

    for (;;) {
        CURLMsg *msg;

        curl_multi_perform(multi, &running);
        while ((msg = curl_multi_info_read(multi, &left))) {
            long *status;

            if (msg->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &status);
            if (msg->data.result == CURLE_OK)
                curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, status);
            else
                *status = -1;
            curl_multi_remove_handle(multi, msg->easy_handle);
            return;
        }
        ck_assert_msg(running > 0 && harness_clock() - start < FAULT_STATE_MAX_S, "no answer came");
        curl_multi_poll(multi, NULL, 0, 50, NULL);
    }
}

/*
 * Pool 2 is frozen when two submissions come: the round robin gives one to each pool. Pool 1
 * answers; then pool 2 dies with the other submission in its socket. nginx answers that one 502
 * and does not send it to pool 1 (ewsposter sends again after a failure; its ids keep that from
 * storing any alert twice): the engine holds the first submission's alerts only, stored once.
 */
START_TEST(a_submission_in_a_dying_pool_is_not_sent_again)
{
    char base[256], sockets[512], only_second[600];
    const char *first, *second;
    struct buf a, b;
    long status_a = 0, status_b = 0, operations;
    CURLM *multi = curl_multi_init();
    CURL *easy_a, *easy_b;
    const char *answered, *lost;

    variant_up("pools", "WORKERS_MODE=pool WORKERS=2 POOLS=2", base, sizeof base);
    pool_sockets(sockets, &first, &second);
    snprintf(only_second, sizeof only_second, "upstream=\"unix:%s\" upstream_status=\"502\"", second);
    pool_message(&a, "pool-sensor-a");
    pool_message(&b, "pool-sensor-b");
    operations = index_operations();
    signal_pool_2(SIGSTOP);
    curl_multi_add_handle(multi, easy_a = post_handle(base, &a, &status_a));
    curl_multi_add_handle(multi, easy_b = post_handle(base, &b, &status_b));
    one_more_answer(multi);
    ck_assert_msg((status_a == 200) != (status_b == 200), "the first answer: %ld and %ld", status_a,
                  status_b);
    signal_pool_2(SIGKILL);
    one_more_answer(multi);
    fprintf(stderr, "submission a: %ld, submission b: %ld\n", status_a, status_b);
    ck_assert_msg(status_a == 502 || status_b == 502, "the dying pool's submission: %ld and %ld", status_a,
                  status_b);
    answered = status_a == 200 ? "pool-sensor-a" : "pool-sensor-b";
    lost = status_a == 200 ? "pool-sensor-b" : "pool-sensor-a";
    ck_assert_int_eq(alerts_of(answered), POOL_ALERTS);
    ck_assert_int_eq(alerts_of(lost), 0);
    ck_assert_int_eq(index_operations() - operations, POOL_ALERTS);
    ck_assert_int_eq(access_lines(0, only_second, NULL), 1);
    curl_easy_cleanup(easy_a);
    curl_easy_cleanup(easy_b);
    curl_multi_cleanup(multi);
    buf_free(&a);
    buf_free(&b);
    harness_variant_down("pools");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pools");
    TCase *tc = HARNESS_CASE(s, "pools", load_fixture, a_memcached_pool_loses_a_server_under_load,
                             two_worker_pools_lose_one_under_get_load,
                             a_submission_in_a_dying_pool_is_not_sent_again);

    for (int i = 0; i < COUNT_KEYS; i++) {
        snprintf(count_path_text[i], sizeof count_path_text[i], "/alert/retrieveAlertsCount?time=%d&out=json",
                 i + 1);
        count_paths[i] = count_path_text[i];
    }
    tcase_add_checked_fixture(tc, restore, NULL);
    tcase_add_unchecked_fixture(tc, NULL, restore);
    tcase_set_timeout(tc, 120);
    return harness_run(s);
}
