/* test_metrics.c: unit tests of GET /metrics: the text format (lib/prom_text.c), the counters (lib/metrics.c), the page (app/h_metrics.c). */
#include "metrics.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "h_metrics.h"
#include "prom_text.h"
#include "route.h"
#include "unit.h"

START_TEST(a_family_has_help_and_type_lines)
{
    struct buf b;

    buf_init(&b, 0);
    prom_family(&b, "peba_x_total", "counter", "a \\ and\na \"quote\"");
    assert_buf_is(&b, "# HELP peba_x_total a \\\\ and\\na \"quote\"\n# TYPE peba_x_total counter\n");
    buf_free(&b);
}
END_TEST

START_TEST(label_values_are_escaped)
{
    struct buf b;

    buf_init(&b, 0);
    prom_sample(&b, "peba_x_total", (struct prom_label[]){{"route", "/a\"b\\c\nd"}, {"code", "200"}}, 2, 3);
    prom_sample(&b, "peba_y", NULL, 0, 0);
    assert_buf_is(&b, "peba_x_total{route=\"/a\\\"b\\\\c\\nd\",code=\"200\"} 3\npeba_y 0\n");
    buf_free(&b);
}
END_TEST

START_TEST(values_are_written_as_prometheus_reads_them)
{
    struct buf b;

    buf_init(&b, 0);
    prom_sample(&b, "a", NULL, 0, 12345678901234567.0);
    prom_sample(&b, "b", NULL, 0, 0.0005);
    prom_sample(&b, "c", NULL, 0, 1.5e-7);
    prom_sample(&b, "d", NULL, 0, 1.0 / 0.0);
    prom_sample(&b, "e", NULL, 0, 0.0 / 0.0);
    assert_buf_is(&b, "a 12345678901234568\nb 0.0005\nc 1.5e-07\nd +Inf\ne NaN\n");
    buf_free(&b);
}
END_TEST

START_TEST(a_histogram_has_cumulative_buckets_a_sum_and_a_count)
{
    static const double bounds[] = {0.1, 1, 2.5};
    static const uint64_t counts[] = {2, 0, 3, 1}; /* the last: above 2.5 */
    struct buf b;

    buf_init(&b, 0);
    prom_histogram(&b, "peba_t_seconds", (struct prom_label[]){{"route", "/x"}}, 1, bounds, counts, 3, 12.25);
    assert_buf_is(&b, "peba_t_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
                      "peba_t_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"
                      "peba_t_seconds_bucket{route=\"/x\",le=\"2.5\"} 5\n"
                      "peba_t_seconds_bucket{route=\"/x\",le=\"+Inf\"} 6\n"
                      "peba_t_seconds_sum{route=\"/x\"} 12.25\n"
                      "peba_t_seconds_count{route=\"/x\"} 6\n");
    buf_free(&b);
}
END_TEST

START_TEST(statuses_outside_the_set_count_as_other)
{
    ck_assert_uint_eq(metrics_status_slot(200), 0);
    ck_assert_int_eq(metrics_status_code(metrics_status_slot(503)), 503);
    ck_assert_uint_eq(metrics_status_slot(418), METRICS_STATUSES - 1);
    ck_assert_int_eq(metrics_status_code(METRICS_STATUSES - 1), 0);
}
END_TEST

START_TEST(a_time_falls_into_the_first_bucket_that_holds_it)
{
    static struct metrics_area m;

    metrics_request(&m, 3, 200, 500, false, 0);       /* on the first bound: its bucket */
    metrics_request(&m, 3, 200, 501, true, 60000000); /* engine: on the last bound */
    metrics_request(&m, 3, 418, 60000001, true, 60000001);
    metrics_request(&m, 999, 404, 10, false, 0); /* no route */
    ck_assert_uint_eq(m.requests[3][0], 2);
    ck_assert_uint_eq(m.requests[3][METRICS_STATUSES - 1], 1);
    ck_assert_uint_eq(m.requests[METRICS_NO_ROUTE][metrics_status_slot(404)], 1);
    ck_assert_uint_eq(m.request_time[3].counts[0], 1);
    ck_assert_uint_eq(m.request_time[3].counts[1], 1);
    ck_assert_uint_eq(m.request_time[3].counts[METRICS_BUCKETS], 1);
    ck_assert_uint_eq(m.request_time[3].sum_us, 500 + 501 + 60000001);
    ck_assert_uint_eq(m.engine_time[3].counts[METRICS_BUCKETS - 1], 1);
    ck_assert_uint_eq(m.engine_time[3].counts[METRICS_BUCKETS], 1);
    ck_assert_uint_eq(m.engine_time[3].sum_us, 60000000 + 60000001);
    ck_assert_double_eq(metrics_bucket_seconds(0), 0.0005);
    ck_assert_double_eq(metrics_bucket_seconds(METRICS_BUCKETS - 1), 60);
}
END_TEST

START_TEST(a_worker_counts_as_live_until_it_exits_or_dies)
{
    static struct metrics_area m;
    pid_t child;
    int status, ready[2];
    char c;

    metrics_worker_start(&m, getpid());
    ck_assert_uint_eq(metrics_live_workers(&m), 1);
    ck_assert_int_eq(pipe(ready), 0);
    child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        metrics_worker_start(&m, getpid()); /* m is this process's copy: the parent takes the slot for it */
        ck_assert_int_eq(write(ready[1], "x", 1), 1);
        pause();
        _exit(0);
    }
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    metrics_worker_start(&m, child);
    ck_assert_uint_eq(metrics_live_workers(&m), 2);
    kill(child, SIGKILL);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    /* died: no longer live, and the next worker to start takes its slot (the second, the first is held) */
    ck_assert_uint_eq(metrics_live_workers(&m), 1);
    ck_assert_uint_eq(m.worker_starts, 2);
    metrics_worker_start(&m, getpid());
    ck_assert_uint_eq(m.workers[1], m.workers[0]);
    ck_assert_uint_eq(metrics_live_workers(&m), 2);
    ck_assert_uint_eq(m.worker_exits, 0);
    metrics_worker_exit(&m, getpid());
    metrics_worker_exit(&m, getpid());
    ck_assert_uint_eq(metrics_live_workers(&m), 0);
    ck_assert_uint_eq(m.worker_exits, 2);
    ck_assert_uint_eq(m.workers[0] | m.workers[1], 0);
}
END_TEST

START_TEST(the_page_names_routes_by_path_and_hosts_without_credentials)
{
    static struct metrics_area m;
    struct peba_config cfg;
    struct es_client *es;
    const struct route *heartbeat = route_find("/heartbeat");
    struct buf b;

    ck_assert_int_eq(config_load(NULL, &cfg), PEBA_OK);
    free(cfg.es_hosts[0]);
    cfg.es_hosts[0] = strdup("https://peba:s3cret@es1.example:9200");
    es = es_client_new(&cfg, NULL);
    ck_assert_ptr_nonnull(es);
    metrics_init(&m, 1700000000);
    metrics_request(&m, route_index(heartbeat), 200, 2000, true, 1000);
    metrics_request(&m, METRICS_NO_ROUTE, 404, 100, false, 0);
    metrics_cache(&m, route_index(route_find("/alert/retrieveAlertsCount")), true);
    metrics_ingest(&m, METRICS_REJECTED, 2);
    buf_init(&b, 0);
    metrics_page(&m, es, true, &b);
    ck_assert_ptr_nonnull(
        strstr(b.data, "\npeba_http_requests_total{route=\"/heartbeat\",code=\"200\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_http_requests_total{route=\"other\",code=\"404\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_http_request_duration_seconds_bucket{route=\"/heartbeat\","
                                         "le=\"0.0025\"} 1\n"));
    ck_assert_ptr_nonnull(
        strstr(b.data, "\npeba_engine_request_duration_seconds_sum{route=\"/heartbeat\"} 0.001\n"));
    /* a route without engine time has no engine histogram */
    ck_assert_ptr_null(strstr(b.data, "peba_engine_request_duration_seconds_count{route=\"other\"}"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_cache_requests_total{layer=\"memcached\","
                                         "route=\"/alert/retrieveAlertsCount\",result=\"miss\"} 0\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_engine_failures_total{host=\"https://es1.example:9200\","
                                         "reason=\"timeout\"} 0\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_engine_host_state{host=\"https://es1.example:9200\","
                                         "state=\"healthy\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_engine_breaker_open 0\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_ingest_alerts_total{outcome=\"rejected\"} 2\n"));
    ck_assert_ptr_nonnull(strstr(b.data, "\npeba_metrics_start_time_seconds 1700000000\n"));
    ck_assert_ptr_null(strstr(b.data, "s3cret"));
    ck_assert(!b.failed);
    buf_free(&b);
    es_client_free(es);
    config_free(&cfg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = unit_case(s, "Core");

    tcase_add_test(tc, a_family_has_help_and_type_lines);
    tcase_add_test(tc, label_values_are_escaped);
    tcase_add_test(tc, values_are_written_as_prometheus_reads_them);
    tcase_add_test(tc, a_histogram_has_cumulative_buckets_a_sum_and_a_count);
    tcase_add_test(tc, statuses_outside_the_set_count_as_other);
    tcase_add_test(tc, a_time_falls_into_the_first_bucket_that_holds_it);
    tcase_add_test(tc, a_worker_counts_as_live_until_it_exits_or_dies);
    tcase_add_test(tc, the_page_names_routes_by_path_and_hosts_without_credentials);
    return unit_run(s);
}
