/*
 * test_metrics.c: GET /metrics through nginx. Known traffic gives exact counts (by route and status,
 * latency histograms, memcached hits and misses, the engine host's requests, ingested and rejected
 * alerts, a killed worker's replacement), read as the growth between two pages since other tests run
 * on the same stack; promtool (Debian's prometheus package) accepts the page; a real Prometheus
 * scrapes the stack and its query API returns a counter's value; with the engine paused the page
 * still answers, with the host's timeout and the open breaker; only the allow-list may read it.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "buf.h"
#include "harness.h"

#define METRICS_CT "text/plain; version=0.0.4; charset=utf-8"
#define INGEST "/ews-0.1/alert/postSimpleMessage"
#define COUNT_URL "/alert/retrieveAlertsCount?time=10&out=json"
#define PAGE_MAX_S 0.5 /* the page reads shared memory only: quick even with the engine paused */
#define SCRAPE_MAX_S 30.0

/* The page before and after the traffic of a test. */
static char *before, *after;

/* The stack's page (free()). */
static char *fetch_page(void)
{
    struct http_reply r;
    char *page;

    http_get("/metrics", &r);
    http_expect(&r, 200, METRICS_CT, NULL);
    page = strdup(r.body);
    http_reply_free(&r);
    return page;
}

/* The value of a series ("name{labels}" as the page writes it) on page; 0 when absent (never counted yet). */
static double value_on(const char *page, const char *series)
{
    size_t n = strlen(series);

    for (const char *line = page; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, series, n) == 0 && line[n] == ' ')
            return strtod(line + n + 1, NULL);
    return 0;
}

static void take_before(void)
{
    free(before);
    before = fetch_page();
}

static void take_after(void)
{
    free(after);
    after = fetch_page();
}

/* The series printf(fmt, ...) grew by n from the page before to the page after. */
static void assert_grew(double n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void assert_grew(double n, const char *fmt, ...)
{
    char series[512];
    va_list ap;
    double grown;

    va_start(ap, fmt);
    vsnprintf(series, sizeof series, fmt, ap);
    va_end(ap);
    grown = value_on(after, series) - value_on(before, series);
    ck_assert_msg(grown == n, "%s grew by %g, not %g", series, grown, n);
}

/* The series printf(fmt, ...) has the value v on the page after. */
static void assert_is(double v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void assert_is(double v, const char *fmt, ...)
{
    char series[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(series, sizeof series, fmt, ap);
    va_end(ap);
    ck_assert_msg(value_on(after, series) == v, "%s is %g, not %g", series, value_on(after, series), v);
}

static void get_n(const char *path, int n, long status)
{
    for (int i = 0; i < n; i++) {
        struct http_reply r;

        http_get(path, &r);
        ck_assert_msg(r.status == status, "GET %s: %ld, not %ld", path, r.status, status);
        http_reply_free(&r);
    }
}

static const char *engine_host(void)
{
    return harness_config()->es_hosts[0];
}

START_TEST(known_traffic_gives_exact_counts)
{
    take_before();
    get_n("/heartbeat", 5, 200);
    get_n("/alert/retrieveAlertsCount?time=x", 3, 400);
    get_n("/no/such/route", 2, 404);
    take_after();
    assert_grew(5, "peba_http_requests_total{route=\"/heartbeat\",code=\"200\"}");
    assert_grew(3, "peba_http_requests_total{route=\"/alert/retrieveAlertsCount\",code=\"400\"}");
    assert_grew(2, "peba_http_requests_total{route=\"other\",code=\"404\"}");
    assert_grew(1, "peba_http_requests_total{route=\"/metrics\",code=\"200\"}"); /* the page before */
    assert_grew(5, "peba_http_request_duration_seconds_count{route=\"/heartbeat\"}");
    assert_grew(5, "peba_http_request_duration_seconds_bucket{route=\"/heartbeat\",le=\"+Inf\"}");
    assert_grew(3, "peba_http_request_duration_seconds_count{route=\"/alert/retrieveAlertsCount\"}");
    /* the heartbeat asks the engine (HEAD /), a bad parameter never does */
    assert_grew(5, "peba_engine_request_duration_seconds_count{route=\"/heartbeat\"}");
    assert_grew(0, "peba_engine_request_duration_seconds_count{route=\"/alert/retrieveAlertsCount\"}");
    assert_grew(5, "peba_engine_requests_total{host=\"%s\"}", engine_host());
    assert_grew(0, "peba_engine_failures_total{host=\"%s\",reason=\"timeout\"}", engine_host());
    assert_is(0, "peba_engine_breaker_open");
    assert_is(1, "peba_metrics_shared");
}
END_TEST

/* nginx has stored the answer to path (it renames the file into place after answering). */
static bool nginx_stored(void *path)
{
    char *entry = harness_nginx_cache_entry(path, NULL);

    free(entry);
    return entry != NULL;
}

START_TEST(memcached_hits_and_misses_are_counted_by_route)
{
    struct http_reply r;

    harness_flush_cache();
    take_before();
    get_n(COUNT_URL, 1, 200); /* nginx and memcached miss: the engine answers */
    harness_empty_nginx_cache();
    get_n(COUNT_URL, 1, 200); /* nginx misses, memcached hits */
    harness_wait_until("nginx storing the answer", 5, nginx_stored, (void *)COUNT_URL);
    http_get(COUNT_URL, &r); /* nginx hits: no worker sees it */
    ck_assert_str_eq(http_header(&r, "X-Cache-Status"), "HIT");
    http_reply_free(&r);
    take_after();
    assert_grew(
        1,
        "peba_cache_requests_total{layer=\"memcached\",route=\"/alert/retrieveAlertsCount\",result=\"miss\"}");
    assert_grew(
        1,
        "peba_cache_requests_total{layer=\"memcached\",route=\"/alert/retrieveAlertsCount\",result=\"hit\"}");
    assert_grew(2, "peba_http_requests_total{route=\"/alert/retrieveAlertsCount\",code=\"200\"}");
    assert_grew(1, "peba_engine_request_duration_seconds_count{route=\"/alert/retrieveAlertsCount\"}");
    /* a route nobody caches has no lookups */
    assert_grew(0, "peba_cache_requests_total{layer=\"memcached\",route=\"/heartbeat\",result=\"miss\"}");
}
END_TEST

START_TEST(ingest_counts_stored_and_rejected_alerts)
{
    static const char *const sources[] = {"45.67.89.10", "not-an-address", "93.184.216.34", "81.2.69.160",
                                          "x"};
    struct http_reply r;
    struct buf m;

    buf_init(&m, 0);
    buf_printf(&m,
               "<EWS-SimpleMessage version=\"3.0\"><Authentication><username>%s</username><token>%s</token>"
               "</Authentication>",
               harness_config()->community_user, harness_config()->community_token);
    for (size_t i = 0; i < ARRAY_LEN(sources); i++)
        buf_printf(
            &m,
            "<Alert><Analyzer id=\"cowrie-metrics-01\"/><CreateTime tz=\"+0000\">2024-05-01 10:00:%02zu"
            "</CreateTime><Source category=\"ipv4\" port=\"4000%zu\" protocol=\"tcp\">%s</Source>"
            "<Target category=\"ipv4\" port=\"22\" protocol=\"tcp\">10.0.0.5</Target>"
            "<Request type=\"description\">test</Request></Alert>",
            i, i, sources[i]);
    buf_puts(&m, "</EWS-SimpleMessage>");
    take_before();
    http_post(INGEST, m.data, m.len, "text/xml", &r);
    http_expect(&r, 200, HTTP_XML, NULL);
    ck_assert_msg(strstr(r.body, "stored 3 of 5 alerts; rejected 2:"), "%s", r.body);
    http_reply_free(&r);
    buf_free(&m);
    take_after();
    assert_grew(3, "peba_ingest_alerts_total{outcome=\"stored\"}");
    assert_grew(2, "peba_ingest_alerts_total{outcome=\"rejected\"}");
    assert_grew(0, "peba_ingest_alerts_total{outcome=\"not_stored\"}");
    assert_grew(1, "peba_http_requests_total{route=\"/ews-0.1/alert/postSimpleMessage\",code=\"200\"}");
}
END_TEST

/* A killed worker and the worker count the page must show once its replacement runs. */
struct replacement {
    int killed;
    size_t workers;
};

/* The supervisor has replaced the killed worker, and the page counts the replacement as running. */
static bool replaced(void *ctx)
{
    const struct replacement *w = ctx;
    int pids[16];
    size_t n = harness_workers(pids, ARRAY_LEN(pids));

    for (size_t i = 0; i < n; i++)
        if (pids[i] == w->killed)
            return false;
    if (n != w->workers)
        return false;
    take_after();
    return value_on(after, "peba_workers") == (double)w->workers;
}

START_TEST(a_killed_worker_counts_as_restarted)
{
    struct replacement w = {0, (size_t)atoi(harness_env("WORKERS"))};
    int pids[16];

    ck_assert_uint_eq(harness_workers(pids, ARRAY_LEN(pids)), w.workers);
    take_before();
    ck_assert_double_eq(value_on(before, "peba_workers"), (double)w.workers);
    w.killed = pids[0];
    ck_assert_int_eq(kill(w.killed, SIGKILL), 0);
    harness_wait_until("the killed worker replaced and counted", 10, replaced, &w);
    /* started minus exited minus running: one more worker died and was replaced */
    assert_grew(1, "peba_worker_starts_total");
    assert_grew(0, "peba_worker_exits_total");
}
END_TEST

START_TEST(promtool_accepts_the_page)
{
    char path[4096], *out = NULL, *page;
    FILE *f;
    int rc;

    get_n("/heartbeat", 1, 200);
    get_n("/alert/retrieveAlertsCount?time=x", 1, 400);
    get_n(COUNT_URL, 1, 200);
    page = fetch_page();
    snprintf(path, sizeof path, "%s/metrics-page.txt", harness_env("RUNDIR"));
    ck_assert_ptr_nonnull(f = fopen(path, "w"));
    fputs(page, f);
    fclose(f);
    /* promtool prints nothing and exits 0 for a page it accepts, lint rules included */
    rc = harness_capture(&out, "promtool check metrics < '%s'", path);
    ck_assert_msg(rc == 0 && out[0] == '\0', "promtool check metrics: exit %d: %s", rc, out);
    free(out);
    free(page);
}
END_TEST

/* Prometheus's query API and the value it returns for the one series of a query. */
struct scraped {
    char base[256];
    const char *query;
    double want;
    char last[512]; /* the last answer, for the failure message */
};

static bool prometheus_has(void *ctx)
{
    struct scraped *s = ctx;
    char *escaped = curl_easy_escape(NULL, s->query, 0), path[1024];
    const cJSON *value;
    struct http_reply r;
    cJSON *doc;
    bool found;

    snprintf(path, sizeof path, "/api/v1/query?query=%s", escaped);
    curl_free(escaped);
    http_request("GET", s->base, path, NULL, NULL, 0, &r);
    snprintf(s->last, sizeof s->last, "%ld %s", r.status, r.body);
    doc = cJSON_Parse(r.body);
    http_reply_free(&r);
    /* {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[t,"V"]}]}} */
    value = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetArrayItem(
                cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "data"), "result"), 0),
            "value"),
        1);
    found = cJSON_IsString(value) && strtod(value->valuestring, NULL) == s->want;
    cJSON_Delete(doc);
    return found;
}

static void stop_prometheus(void)
{
    harness_sh("'%s/stack/prom-ctl' '%s' stop", getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"));
}

START_TEST(prometheus_scrapes_the_stack_and_answers_the_counter)
{
    struct scraped s = {.query = "peba_http_requests_total{job=\"peba\",route=\"/heartbeat\",code=\"200\"}"};
    char env[4096], *text;
    const char *url;
    double took;

    get_n("/heartbeat", 3, 200);
    take_before();
    s.want = value_on(before, "peba_http_requests_total{route=\"/heartbeat\",code=\"200\"}");
    ck_assert_double_ge(s.want, 3);
    harness_sh("'%s/stack/prom-ctl' '%s' start", getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"));
    snprintf(env, sizeof env, "%s/prometheus.env", harness_env("RUNDIR"));
    text = harness_read_file(env);
    url = strstr(text, "PROM_URL=");
    ck_assert_msg(url, "no PROM_URL in %s", env);
    snprintf(s.base, sizeof s.base, "%.*s", (int)strcspn(url + 9, "\n"), url + 9);
    free(text);
    if (!harness_poll_until(SCRAPE_MAX_S, prometheus_has, &s))
        ck_abort_msg("Prometheus did not return %g for %s within %g s; last answer: %s", s.want, s.query,
                     SCRAPE_MAX_S, s.last);
    took = harness_clock();
    stop_prometheus();
    fprintf(stderr, "Prometheus stopped in %.2f s\n", harness_clock() - took);
}
END_TEST

START_TEST(the_page_answers_with_the_engine_paused)
{
    struct http_reply r;
    double t0, took;

    harness_es_ctl("pause");
    take_before();
    /* an uncached search waits out its transfer time: a timeout that fails the only host */
    get_n("/alert/retrieveAlertsCount?time=11&out=json", 1, 503);
    t0 = harness_clock();
    http_get("/metrics", &r);
    took = harness_clock() - t0;
    http_expect(&r, 200, METRICS_CT, NULL);
    http_reply_free(&r);
    ck_assert_msg(took < PAGE_MAX_S, "the page took %.2f s with the engine paused", took);
    take_after();
    assert_grew(1, "peba_engine_failures_total{host=\"%s\",reason=\"timeout\"}", engine_host());
    assert_grew(1, "peba_http_requests_total{route=\"/alert/retrieveAlertsCount\",code=\"503\"}");
    assert_is(1, "peba_engine_host_state{host=\"%s\",state=\"failed\"}", engine_host());
    assert_is(0, "peba_engine_host_state{host=\"%s\",state=\"healthy\"}", engine_host());
    assert_is(1, "peba_engine_breaker_open");
    harness_es_ctl("resume");
    harness_wait_for_engine();
    take_after();
    assert_is(1, "peba_engine_host_state{host=\"%s\",state=\"healthy\"}", engine_host());
    assert_is(0, "peba_engine_breaker_open");
}
END_TEST

START_TEST(only_the_allow_list_reads_the_page)
{
    char *out = NULL;
    int rc;

    /* from 127.0.0.2, an address of this machine that nginx's allow-list (127.0.0.1, ::1) does not name */
    rc = harness_capture(&out, "curl -s -o /dev/null -w '%%{http_code}' --interface 127.0.0.2 '%s/metrics'",
                         harness_env("HTTP_URL"));
    ck_assert_msg(rc == 0 && strcmp(out, "403") == 0, "curl from 127.0.0.2: exit %d, %s", rc, out);
    free(out);
}
END_TEST

static void load_one(void)
{
    LOAD_ALERTS({.age = 30});
}

int main(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = HARNESS_CASE(s, "metrics", load_one, known_traffic_gives_exact_counts,
                             memcached_hits_and_misses_are_counted_by_route,
                             ingest_counts_stored_and_rejected_alerts, a_killed_worker_counts_as_restarted,
                             promtool_accepts_the_page, prometheus_scrapes_the_stack_and_answers_the_counter,
                             only_the_allow_list_reads_the_page, the_page_answers_with_the_engine_paused);

    /* a failed test may leave the engine paused or Prometheus running: the end brings both back */
    tcase_add_unchecked_fixture(tc, NULL, harness_restore_engine);
    tcase_add_unchecked_fixture(tc, NULL, stop_prometheus);
    return harness_run(s);
}
