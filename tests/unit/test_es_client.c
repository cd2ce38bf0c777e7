/*
 * test_es_client.c: unit tests of lib/es_client.c's fail-over, breaker and budget against hosts
 * played by this process on loopback sockets: one that answers, one that accepts and never
 * answers (a paused engine), and a port where nothing listens (a stopped one).
 */
#include "es_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#define HOSTS_MAX 4
#define SEARCH_REPLY "{\"took\":1,\"hits\":{\"total\":{\"value\":7}}}"

enum fake_mode { FAKE_ANSWERS, FAKE_HANGS, FAKE_REFUSES };

struct fake_host {
    enum fake_mode mode;
    int fd;
    int port;
    _Atomic int status;  /* what FAKE_ANSWERS answers */
    const char *body;    /* its body when the status is 2xx; an error body otherwise */
    atomic_int requests; /* requests it read */
    pthread_t thread;
};

static struct fake_host fakes[HOSTS_MAX];
static struct peba_config cfg;

/* Reads one request (headers and a Content-Length body) from fd; false when the peer went away. */
static bool read_request(int fd)
{
    char buf[65536] = "";
    size_t len = 0;
    char *end = NULL;
    long body = 0;

    while (!(end = strstr(buf, "\r\n\r\n"))) {
        ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);

        if (n <= 0)
            return false;
        len += (size_t)n;
        buf[len] = '\0';
    }
    for (char *p = buf; p < end; p = strstr(p, "\r\n") + 2)
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            body = strtol(p + 15, NULL, 10);
    for (long have = (long)(len - (size_t)(end + 4 - buf)); have < body;) {
        ssize_t n = read(fd, buf, sizeof buf);

        if (n <= 0)
            return false;
        have += n;
    }
    return true;
}

static void *serve(void *arg)
{
    struct fake_host *f = arg;
    int client;

    while ((client = accept(f->fd, NULL, NULL)) >= 0) {
        char head[256];
        int status = atomic_load(&f->status);
        const char *body = status / 100 == 2 ? f->body : "{\"error\":{\"reason\":\"busy\"}}";

        if (read_request(client)) {
            atomic_fetch_add(&f->requests, 1);
            snprintf(
                head, sizeof head,
                "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                status, strlen(body));
            if (write(client, head, strlen(head)) < 0 || write(client, body, strlen(body)) < 0)
                status = 0;
        }
        close(client);
    }
    return NULL;
}

/* Starts fake host i; its URL goes into cfg's host list. */
static void fake_start(int i, enum fake_mode mode, int status, const char *body)
{
    struct fake_host *f = &fakes[i];
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    char url[64];

    memset(f, 0, sizeof *f);
    f->mode = mode;
    f->body = body ? body : SEARCH_REPLY;
    atomic_init(&f->status, status);
    f->fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(f->fd, 0);
    ck_assert_int_eq(bind(f->fd, (struct sockaddr *)&addr, sizeof addr), 0);
    ck_assert_int_eq(getsockname(f->fd, (struct sockaddr *)&addr, &len), 0);
    f->port = ntohs(addr.sin_port);
    if (mode == FAKE_REFUSES) {
        close(f->fd); /* the port was free a moment ago: a connection is refused */
        f->fd = -1;
    } else {
        /* a hanging host accepts connections (the kernel's backlog) and never reads them */
        ck_assert_int_eq(listen(f->fd, 16), 0);
        if (mode == FAKE_ANSWERS)
            ck_assert_int_eq(pthread_create(&f->thread, NULL, serve, f), 0);
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%d", f->port);
    cfg.es_hosts[cfg.es_host_count++] = strdup(url);
}

/* A configuration of the defaults with no hosts yet, short timeouts and the wait given. */
static void config_for_tests(long timeout_ms, long retry_after_ms)
{
    ck_assert_int_eq(config_load(NULL, &cfg), PEBA_OK);
    for (int i = 0; i < cfg.es_host_count; i++)
        free(cfg.es_hosts[i]);
    cfg.es_host_count = 0;
    cfg.es_timeout_ms = timeout_ms;
    cfg.es_connect_timeout_ms = timeout_ms;
    cfg.es_retry_after_ms = retry_after_ms;
    cfg.es_retry_after_max_ms = retry_after_ms * 8;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* es_search of a match_all query; the reason on failure goes to why. */
static peba_err search(struct es_client *es, char *why, size_t size, double *took_s)
{
    cJSON *query = unit_json("{\"query\":{\"match_all\":{}}}"), *reply = NULL;
    struct timespec t0;
    peba_err err;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    peba_clear_reason();
    err = es_search(es, "ews-*", query, &reply);
    if (took_s)
        *took_s = seconds_since(&t0);
    snprintf(why, size, "%s", peba_reason(err));
    if (err == PEBA_OK)
        ck_assert_int_eq(es_hits_total(reply), 7);
    cJSON_Delete(query);
    cJSON_Delete(reply);
    return err;
}

static enum engine_state state_of(const struct es_client *es, int i)
{
    struct engine_view v;
    char url[64];

    es_host_view(es, i, url, sizeof url, &v);
    return v.state;
}

START_TEST(a_search_moves_on_from_a_refused_connection)
{
    struct es_client *es;
    char why[256];

    config_for_tests(2000, 1000);
    fake_start(0, FAKE_REFUSES, 0, NULL);
    fake_start(1, FAKE_ANSWERS, 200, NULL);
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_OK);
    ck_assert_int_eq(atomic_load(&fakes[1].requests), 1);
    ck_assert_int_eq(state_of(es, 0), ENGINE_FAILED);
    ck_assert_int_eq(state_of(es, 1), ENGINE_HEALTHY);
    /* the host that answered is asked first from then on */
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_OK);
    ck_assert_int_eq(atomic_load(&fakes[1].requests), 2);
    es_client_free(es);
}
END_TEST

START_TEST(a_search_moves_on_from_a_host_that_does_not_answer)
{
    struct es_client *es;
    char why[256];
    double took;

    config_for_tests(400, 1000);
    fake_start(0, FAKE_HANGS, 0, NULL);
    fake_start(1, FAKE_ANSWERS, 200, NULL);
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_OK);
    ck_assert_double_ge(took, 0.39);
    ck_assert_int_eq(state_of(es, 0), ENGINE_FAILED);
    es_client_free(es);
}
END_TEST

START_TEST(a_search_moves_on_from_an_overloaded_host)
{
    static const int statuses[] = {429, 502, 503};
    struct es_client *es;
    char why[256];

    config_for_tests(2000, 1000);
    for (int i = 0; i < 3; i++)
        fake_start(i, FAKE_ANSWERS, statuses[i], NULL);
    fake_start(3, FAKE_ANSWERS, 200, NULL);
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(atomic_load(&fakes[i].requests), 1);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(state_of(es, i), ENGINE_FAILED);
    es_client_free(es);
}
END_TEST

START_TEST(a_write_is_never_sent_twice)
{
    static const char bulk[] = "{\"index\":{\"_index\":\"ews-x\"}}\n{\"a\":1}\n";
    const struct buf *reply;
    struct es_client *es;
    long status = 0;

    config_for_tests(400, 1000);
    fake_start(0, FAKE_HANGS, 0, NULL);
    fake_start(1, FAKE_ANSWERS, 200, "{\"errors\":false,\"items\":[]}");
    es = es_client_new(&cfg, NULL);
    /* the hanging host may have stored it: another host must not store it again */
    ck_assert_int_eq(es_request(es, "POST", "/_bulk", bulk, strlen(bulk), &status, &reply), PEBA_E_BACKEND);
    ck_assert_int_eq(atomic_load(&fakes[1].requests), 0);
    ck_assert_ptr_nonnull(strstr(peba_reason(PEBA_E_BACKEND), "timed out after 400 ms"));
    /* an overloaded answer to a write is the caller's to handle, and no reason to leave the host */
    atomic_store(&fakes[1].status, 429);
    ck_assert_int_eq(es_request(es, "POST", "/_bulk", bulk, strlen(bulk), &status, &reply), PEBA_OK);
    ck_assert_int_eq(status, 429);
    ck_assert_int_eq(state_of(es, 1), ENGINE_HEALTHY);
    es_client_free(es);
}
END_TEST

START_TEST(a_write_moves_on_from_a_refused_connection)
{
    static const char bulk[] = "{\"index\":{\"_index\":\"ews-x\"}}\n{\"a\":1}\n";
    const struct buf *reply;
    struct es_client *es;
    long status = 0;

    config_for_tests(2000, 1000);
    fake_start(0, FAKE_REFUSES, 0, NULL);
    fake_start(1, FAKE_ANSWERS, 200, "{\"errors\":false,\"items\":[]}");
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(es_request(es, "POST", "/_bulk", bulk, strlen(bulk), &status, &reply), PEBA_OK);
    ck_assert_int_eq(status, 200);
    ck_assert_int_eq(atomic_load(&fakes[1].requests), 1);
    es_client_free(es);
}
END_TEST

START_TEST(with_every_host_failed_the_breaker_answers_at_once_then_probes)
{
    struct es_client *es;
    char why[256];
    double took;

    config_for_tests(300, 400);
    fake_start(0, FAKE_HANGS, 0, NULL);
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_ge(took, 0.29);
    ck_assert_msg(strstr(why, "timed out after 300 ms"), "%s", why);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_lt(took, 0.05);
    ck_assert_msg(strstr(why, "(every host failed recently)") && strstr(why, "next try in"), "%s", why);
    /* after the wait one request probes the host: it still hangs, so the next wait is twice as long */
    usleep(450 * 1000);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_ge(took, 0.29);
    {
        struct engine_view v;
        char url[64];

        es_host_view(es, 0, url, sizeof url, &v);
        ck_assert_int_eq(v.state, ENGINE_FAILED);
        ck_assert_uint_eq(v.failures, 2);
        ck_assert_int_gt(v.retry_in_ms, 600);
    }
    es_client_free(es);
}
END_TEST

START_TEST(a_frozen_host_costs_a_probe_only_the_probe_timeout)
{
    struct es_client *es;
    char why[256];
    double took;

    config_for_tests(800, 100);
    cfg.es_probe_timeout_ms = 150;
    fake_start(0, FAKE_HANGS, 0, NULL);
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_ge(took, 0.79);
    usleep(150 * 1000);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_ge(took, 0.14);
    ck_assert_double_lt(took, 0.5);
    ck_assert_msg(strstr(why, "timed out after 150 ms"), "%s", why);
    es_client_free(es);
}
END_TEST

START_TEST(a_probe_that_succeeds_closes_the_breaker)
{
    struct es_client *es;
    char why[256];

    config_for_tests(2000, 200);
    fake_start(0, FAKE_ANSWERS, 503, NULL);
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_E_BACKEND);
    ck_assert_msg(strstr(why, "answered 503"), "%s", why);
    atomic_store(&fakes[0].status, 200);
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_E_BACKEND);
    ck_assert_int_eq(atomic_load(&fakes[0].requests), 1);
    usleep(250 * 1000);
    ck_assert_msg(search(es, why, sizeof why, NULL) == PEBA_OK, "%s", why);
    ck_assert_int_eq(state_of(es, 0), ENGINE_HEALTHY);
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_OK);
    es_client_free(es);
}
END_TEST

START_TEST(the_budget_bounds_a_whole_request)
{
    struct es_client *es;
    char why[256];
    double took;

    config_for_tests(10000, 1000);
    fake_start(0, FAKE_HANGS, 0, NULL);
    es = es_client_new(&cfg, NULL);
    es_budget(es, 400);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_ge(took, 0.39);
    ck_assert_double_lt(took, 2.0);
    ck_assert_msg(strstr(why, "timed out after 4"), "%s", why); /* 400 ms, or a little less */
    es_client_free(es);
}
END_TEST

START_TEST(a_used_up_budget_fails_without_blaming_the_host)
{
    struct es_client *es;
    char why[256];
    double took;

    config_for_tests(2000, 1000);
    fake_start(0, FAKE_ANSWERS, 200, NULL);
    es = es_client_new(&cfg, NULL);
    es_budget(es, 100);
    usleep(150 * 1000);
    ck_assert_int_eq(search(es, why, sizeof why, &took), PEBA_E_BACKEND);
    ck_assert_double_lt(took, 0.05);
    ck_assert_str_eq(why, "search engine time budget of 100 ms used up");
    ck_assert_int_eq(state_of(es, 0), ENGINE_HEALTHY);
    es_budget(es, 0);
    ck_assert_int_eq(search(es, why, sizeof why, NULL), PEBA_OK);
    es_client_free(es);
}
END_TEST

START_TEST(msearch_sends_one_request_and_splits_the_replies)
{
    cJSON *queries[2] = {unit_json("{\"size\":0}"), unit_json("{\"size\":1}")}, *replies[2] = {NULL, NULL};
    struct es_client *es;

    config_for_tests(2000, 1000);
    fake_start(
        0, FAKE_ANSWERS, 200,
        "{\"took\":3,\"responses\":[{\"took\":1,\"hits\":{\"total\":5}},{\"took\":2,\"hits\":{\"total\":6}}]}");
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(es_msearch(es, "ews-*", (const cJSON *const *)queries, 2, replies), PEBA_OK);
    ck_assert_int_eq(atomic_load(&fakes[0].requests), 1);
    ck_assert_int_eq(es_hits_total(replies[0]), 5);
    ck_assert_int_eq(es_hits_total(replies[1]), 6);
    ck_assert_int_eq(es_totals(es).took_ms, 3);
    cJSON_Delete(replies[0]);
    cJSON_Delete(replies[1]);
    cJSON_Delete(queries[0]);
    cJSON_Delete(queries[1]);
    es_client_free(es);
}
END_TEST

START_TEST(msearch_fails_when_one_search_failed)
{
    cJSON *queries[2] = {unit_json("{}"), unit_json("{}")}, *replies[2] = {NULL, NULL};
    struct es_client *es;

    config_for_tests(2000, 1000);
    fake_start(0, FAKE_ANSWERS, 200,
               "{\"took\":3,\"responses\":[{\"hits\":{\"total\":5}},"
               "{\"error\":{\"reason\":\"too many buckets\"},\"status\":400}]}");
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(es_msearch(es, "ews-*", (const cJSON *const *)queries, 2, replies), PEBA_E_BACKEND);
    ck_assert_str_eq(peba_reason(PEBA_E_BACKEND), "search engine answered 400: too many buckets");
    ck_assert_ptr_null(replies[0]);
    ck_assert_ptr_null(replies[1]);
    /* a reply with the wrong number of responses is refused as well */
    ck_assert_int_eq(es_msearch(es, "ews-*", (const cJSON *const *)queries, 1, replies), PEBA_E_BACKEND);
    cJSON_Delete(queries[0]);
    cJSON_Delete(queries[1]);
    es_client_free(es);
}
END_TEST

START_TEST(the_heartbeat_view_hides_credentials)
{
    struct es_client *es;
    struct engine_view v;
    char url[64];

    config_for_tests(2000, 1000);
    cfg.es_hosts[cfg.es_host_count++] = strdup("https://peba:s3cret@es1.example:9200/");
    es = es_client_new(&cfg, NULL);
    ck_assert_int_eq(es_host_count(es), 1);
    es_host_view(es, 0, url, sizeof url, &v);
    ck_assert_str_eq(url, "https://es1.example:9200/");
    ck_assert(!es_health_shared(es));
    es_client_free(es);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("es_client");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_search_moves_on_from_a_refused_connection);
    tcase_add_test(core, a_search_moves_on_from_a_host_that_does_not_answer);
    tcase_add_test(core, a_search_moves_on_from_an_overloaded_host);
    tcase_add_test(core, a_write_is_never_sent_twice);
    tcase_add_test(core, a_write_moves_on_from_a_refused_connection);
    tcase_add_test(core, with_every_host_failed_the_breaker_answers_at_once_then_probes);
    tcase_add_test(core, a_frozen_host_costs_a_probe_only_the_probe_timeout);
    tcase_add_test(core, a_probe_that_succeeds_closes_the_breaker);
    tcase_add_test(core, the_budget_bounds_a_whole_request);
    tcase_add_test(core, msearch_sends_one_request_and_splits_the_replies);
    tcase_add_test(limits, a_used_up_budget_fails_without_blaming_the_host);
    tcase_add_test(limits, msearch_fails_when_one_search_failed);
    tcase_add_test(limits, the_heartbeat_view_hides_credentials);
    return unit_run(s);
}
