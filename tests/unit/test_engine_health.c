/* test_engine_health.c: unit tests of lib/engine_health.c: failures in a row, the doubling wait, one probe at a time. */
#include "engine_health.h"

#include <string.h>

#include "unit.h"

static const struct engine_backoff backoff = {1000, 8000};

START_TEST(a_new_host_is_healthy)
{
    struct engine_health h;
    struct engine_view v;

    memset(&h, 0, sizeof h);
    ck_assert_int_eq(engine_admit(&h, 5000, 3000, &backoff), ENGINE_GO);
    engine_view(&h, 5000, &v);
    ck_assert_int_eq(v.state, ENGINE_HEALTHY);
    ck_assert_str_eq(engine_state_name(v.state), "healthy");
    ck_assert_int_eq(v.failed_ago_ms, -1);
    ck_assert_str_eq(v.last_fault, "");
}
END_TEST

START_TEST(a_failed_host_waits_then_lets_one_probe_through)
{
    struct engine_health h;
    struct engine_view v;

    memset(&h, 0, sizeof h);
    engine_failed(&h, 10000, ENGINE_TIMEOUT, 2000, &backoff);
    ck_assert_int_eq(engine_admit(&h, 10999, 3000, &backoff), ENGINE_WAIT);
    engine_view(&h, 10400, &v);
    ck_assert_int_eq(v.state, ENGINE_FAILED);
    ck_assert_int_eq(v.retry_in_ms, 600);
    ck_assert_int_eq(v.failed_ago_ms, 400);
    ck_assert_str_eq(v.last_fault, "timed out after 2000 ms");
    /* the wait is over: the first caller probes, everyone else waits for its verdict */
    ck_assert_int_eq(engine_admit(&h, 11000, 3000, &backoff), ENGINE_PROBE);
    ck_assert_int_eq(engine_admit(&h, 11001, 3000, &backoff), ENGINE_WAIT);
    engine_view(&h, 11001, &v);
    ck_assert_int_eq(v.state, ENGINE_PROBING);
    engine_succeeded(&h);
    ck_assert_int_eq(engine_admit(&h, 11002, 3000, &backoff), ENGINE_GO);
    engine_view(&h, 11002, &v);
    ck_assert_int_eq(v.state, ENGINE_HEALTHY);
    ck_assert_uint_eq(v.failures, 0);
    ck_assert_uint_eq(v.requests, 2);
    ck_assert_uint_eq(v.faults, 1);
}
END_TEST

START_TEST(the_wait_doubles_with_each_failure_in_a_row_up_to_the_maximum)
{
    static const int64_t waits[] = {1000, 2000, 4000, 8000, 8000, 8000};
    struct engine_health h;
    int64_t now = 1000000;

    memset(&h, 0, sizeof h);
    for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++) {
        struct engine_view v;

        engine_failed(&h, now, ENGINE_REFUSED, 0, &backoff);
        engine_view(&h, now, &v);
        ck_assert_int_eq(v.retry_in_ms, waits[i]);
        ck_assert_uint_eq(v.failures, i + 1);
        ck_assert_int_eq(engine_admit(&h, now + waits[i] - 1, 3000, &backoff), ENGINE_WAIT);
        ck_assert_int_eq(engine_admit(&h, now + waits[i], 3000, &backoff), ENGINE_PROBE);
        now += waits[i];
    }
    engine_succeeded(&h);
    engine_failed(&h, now, ENGINE_OVERLOAD, 503, &backoff);
    {
        struct engine_view v;

        engine_view(&h, now, &v);
        ck_assert_int_eq(v.retry_in_ms, 1000); /* a success starts the count again */
        ck_assert_str_eq(v.last_fault, "answered 503");
    }
}
END_TEST

START_TEST(a_probe_claim_lapses_when_its_holder_never_reports)
{
    struct engine_health h;

    memset(&h, 0, sizeof h);
    engine_failed(&h, 0, ENGINE_BROKEN, 0, &backoff);
    ck_assert_int_eq(engine_admit(&h, 1000, 500, &backoff), ENGINE_PROBE);
    ck_assert_int_eq(engine_admit(&h, 1499, 500, &backoff), ENGINE_WAIT);
    /* the prober died (a killed worker): its claim ends with the time it was given */
    ck_assert_int_eq(engine_admit(&h, 1500, 500, &backoff), ENGINE_PROBE);
    engine_probe_release(&h);
    ck_assert_int_eq(engine_admit(&h, 1501, 500, &backoff), ENGINE_PROBE);
}
END_TEST

START_TEST(a_failed_probe_starts_a_longer_wait)
{
    struct engine_health h;
    struct engine_view v;

    memset(&h, 0, sizeof h);
    engine_failed(&h, 0, ENGINE_TIMEOUT, 100, &backoff);
    ck_assert_int_eq(engine_admit(&h, 1000, 3000, &backoff), ENGINE_PROBE);
    engine_failed(&h, 1100, ENGINE_TIMEOUT, 100, &backoff);
    engine_view(&h, 1100, &v);
    ck_assert_int_eq(v.state, ENGINE_FAILED);
    ck_assert_int_eq(v.retry_in_ms, 2000);
    ck_assert_int_eq(engine_admit(&h, 3100, 3000, &backoff), ENGINE_PROBE);
}
END_TEST

START_TEST(a_wait_past_the_maximum_counts_as_over)
{
    struct engine_health h;

    memset(&h, 0, sizeof h);
    /* written before a reboot: the monotonic clock started again below it */
    engine_failed(&h, 900000, ENGINE_REFUSED, 0, &backoff);
    ck_assert_int_eq(engine_admit(&h, 5, 3000, &backoff), ENGINE_PROBE);
}
END_TEST

START_TEST(fault_texts)
{
    char text[64];

    engine_fault_text(ENGINE_REFUSED, 0, text, sizeof text);
    ck_assert_str_eq(text, "refused the connection");
    engine_fault_text(ENGINE_BROKEN, 0, text, sizeof text);
    ck_assert_str_eq(text, "broke the connection");
    engine_fault_text(ENGINE_OVERLOAD, 429, text, sizeof text);
    ck_assert_str_eq(text, "answered 429");
    ck_assert_str_eq(engine_state_name(ENGINE_ON_TRIAL), "on trial");
    ck_assert_int_gt(engine_clock_ms(), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine_health");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, a_new_host_is_healthy);
    tcase_add_test(core, a_failed_host_waits_then_lets_one_probe_through);
    tcase_add_test(core, the_wait_doubles_with_each_failure_in_a_row_up_to_the_maximum);
    tcase_add_test(core, a_failed_probe_starts_a_longer_wait);
    tcase_add_test(limits, a_probe_claim_lapses_when_its_holder_never_reports);
    tcase_add_test(limits, a_wait_past_the_maximum_counts_as_over);
    tcase_add_test(limits, fault_texts);
    return unit_run(s);
}
