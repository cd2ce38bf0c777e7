/*
 * test_statistics.c: the honeypot statistics through nginx against real data: TpotStats, tops and
 * getStats, their numbers, bounds, 400s and caching.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "timeutil.h"

#define HOUR 3600L
#define DAY 86400L

/* ---- TpotStats: community T-Pots on one finished day (yesterday), with alerts on its first and last second ---- */

static time_t tpot_day; /* yesterday 00:00 UTC, fixed when the fixture is loaded */

struct tpot_row {
    long at; /* seconds after tpot_day */
    const char *host, *ident, *type;
    const char *target_ip; /* NULL: the builder's default */
    bool private_domain;
};

static const struct tpot_row tpot_rows[] = {
    /* clang-format off */
    {0, "tp-a", "a-1", "Webpage", NULL, false},                           /* the day's first second */
    {12 * HOUR, "tp-a", "a-2", "SSH/console(cowrie)", NULL, false},
    {DAY - 1, "tp-b", "b-1", "Webpage", NULL, false},                     /* the day's last second */
    {6 * HOUR, "undefined", "o-1", "Network(honeytrap)", "172.17.0.2", false}, /* an old T-Pot: its target IP */
    {7 * HOUR, "undefined", "o-2", "Network(honeytrap)", "172.17.0.2", false},
    {-1, "tp-c", "c-1", "Webpage", NULL, false},                          /* the day before */
    {DAY, "tp-c", "c-1", "Webpage", NULL, false},                         /* today 00:00:00 */
    {10 * HOUR, "tp-p", "p-1", "Webpage", NULL, true},                    /* private domain */
    /* clang-format on */
};
#define TPOT_ROWS ARRAY_LEN(tpot_rows)
#define BIG_DAEMONS 12 /* more than the 10 per host at which the original's aggregation silently stopped */

static void load_tpot(void)
{
    static char extra[TPOT_ROWS + BIG_DAEMONS][160];
    static char idents[BIG_DAEMONS][16];
    struct alert alerts[TPOT_ROWS + BIG_DAEMONS];
    char stamp[UTC_STAMP_LEN];
    size_t n = 0;

    tpot_day = utc_day_start(time(NULL)) - DAY;
    memset(alerts, 0, sizeof alerts);
    for (size_t i = 0; i < TPOT_ROWS; i++, n++) {
        const struct tpot_row *r = &tpot_rows[i];

        utc_format(tpot_day + r->at, stamp);
        snprintf(extra[n], sizeof extra[n], "{\"recievedTime\":\"%s\",\"targetEntryIp\":\"%s\"}", stamp,
                 r->target_ip ? r->target_ip : "172.20.0.2");
        alerts[n] = (struct alert){.hostname = r->host,
                                   .peer_ident = r->ident,
                                   .peer_type = r->type,
                                   .private_domain = r->private_domain,
                                   .extra = extra[n]};
    }
    for (int i = 0; i < BIG_DAEMONS; i++, n++) {
        utc_format(tpot_day + 8 * HOUR, stamp);
        snprintf(extra[n], sizeof extra[n], "{\"recievedTime\":\"%s\"}", stamp);
        snprintf(idents[i], sizeof idents[i], "big-%02d", i);
        alerts[n] = (struct alert){.hostname = "tp-big",
                                   .peer_ident = idents[i],
                                   .peer_type = "Passwords(heralding)",
                                   .extra = extra[n]};
    }
    load_alert_list(alerts, n);
}

/* "/alert/TpotStats?day=YYYYMMDD" of tpot_day + offset. */
static void tpot_path(char *out, size_t size, long offset, const char *more)
{
    char day[16];

    utc_strftime(tpot_day + offset, "%Y%m%d", day, sizeof day);
    snprintf(out, size, "/alert/TpotStats?day=%s%s", day, more);
}

/* The expected body for the day at tpot_day + offset; `community` is the inner object's members. */
static void tpot_body(char *out, size_t size, long offset, const char *community)
{
    char from[UTC_STAMP_LEN], to[UTC_STAMP_LEN];

    utc_format(tpot_day + offset, from);
    utc_format(tpot_day + offset + DAY - 1, to);
    snprintf(out, size, "{\"UTCtimeFrom\":\"%s\",\"UTCtimeTo\":\"%s\",\"communityHoneypots\":{%s}}\n", from,
             to, community);
}

/* clang-format off */
#define TPOT_YESTERDAY \
    "\"numberAlertsPerType\":{\"Network(honeytrap)\":2,\"Passwords(heralding)\":12,\"SSH/console(cowrie)\":1," \
    "\"Webpage\":2},\"numberHoneypotsPerType\":{\"Network(honeytrap)\":1,\"Passwords(heralding)\":1," \
    "\"SSH/console(cowrie)\":1,\"Webpage\":2},\"totalNumberAlerts\":17,\"totalNumberDaemons\":17," \
    "\"totalNumberHoneypots\":4"
/* clang-format on */

START_TEST(tpot_counts_a_finished_day)
{
    char path[128], body[1024];

    tpot_path(path, sizeof path, 0, "");
    tpot_body(body, sizeof body, 0, TPOT_YESTERDAY);
    http_get_expect(path, 200, HTTP_JSON, body);
    /* no ci: always community data */
    tpot_path(path, sizeof path, 0, "&ci=0");
    http_get_expect(path, 200, HTTP_JSON, body);
}
END_TEST

START_TEST(tpot_today_and_empty_days)
{
    char path[128], body[1024];

    tpot_path(path, sizeof path, DAY, "");
    tpot_body(body, sizeof body, DAY,
              "\"numberAlertsPerType\":{\"Webpage\":1},\"numberHoneypotsPerType\":{\"Webpage\":1},"
              "\"totalNumberAlerts\":1,\"totalNumberDaemons\":1,\"totalNumberHoneypots\":1");
    http_get_expect(path, 200, HTTP_JSON, body);
    tpot_path(path, sizeof path, -10 * DAY, "");
    tpot_body(body, sizeof body, -10 * DAY,
              "\"numberAlertsPerType\":{},\"numberHoneypotsPerType\":{},"
              "\"totalNumberAlerts\":0,\"totalNumberDaemons\":0,\"totalNumberHoneypots\":0");
    http_get_expect(path, 200, HTTP_JSON, body);
}
END_TEST

START_TEST(tpot_a_second_request_comes_from_the_cache)
{
    char path[128];

    harness_flush_cache();
    tpot_path(path, sizeof path, 0, "");
    http_expect_cached(path, NULL, true, HTTP_JSON, NULL);
}
END_TEST

START_TEST(tpot_bad_days)
{
    static const char *const paths[] = {
        "/alert/TpotStats",
        "/alert/TpotStats?day=",
        "/alert/TpotStats?day=20181399",
        "/alert/TpotStats?day=2024051",
        "/alert/TpotStats?day=202405011",
        "/alert/TpotStats?day=2024-5-1",
        "/alert/TpotStats?day=abcdefgh",
        "/alert/TpotStats?day=20230229",
    };

    for (size_t i = 0; i < ARRAY_LEN(paths); i++)
        http_get_expect(paths[i], 400, HTTP_JSON, NULL);
    http_get_expect("/alert/TpotStats?day=20181399", 400, HTTP_JSON,
                    "{\"error\":\"day: expected a date as YYYYMMDD\",\"status\":400}\n");
}
END_TEST

/* ---- tops: URLs and ports over the last day, week and four weeks; private alerts count too (tops has no ci) ---- */

static const struct alert top_alerts[] = {
    /* clang-format off */
    {.age = 30, .request = "/index.php"},
    {.age = 2 * HOUR, .request = "/index.php"},
    {.age = 5 * HOUR, .request = "/index.php"},
    {.age = 1 * HOUR, .request = "/wp-login.php"},
    {.age = 600, .request = "/private", .private_domain = true},
    {.age = 1200, .peer_type = "Network(honeytrap)", .request = "Attack on port 22/tcp", .target_port = "22"},
    {.age = 3 * HOUR, .peer_type = "Network(honeytrap)", .request = "Attack on port 22/tcp", .target_port = "22"},
    {.age = 3 * DAY, .request = "/old"},
    {.age = 10 * DAY, .request = "/index.php"},
    /* clang-format on */
};
#define TOP_ALERTS ARRAY_LEN(top_alerts)

static time_t tops_loaded;

static void load_tops(void)
{
    tops_loaded = load_alert_list(top_alerts, TOP_ALERTS);
}

/* Whether fixture alert a belongs to the top `key` of the kind. */
static bool in_top(const struct alert *a, bool urls, const char *key)
{
    const char *type = a->peer_type ? a->peer_type : "Webpage";
    const char *port = a->target_port ? a->target_port : "80";

    return urls ? strcmp(type, "Webpage") == 0 && strcmp(a->request, key) == 0 : strcmp(port, key) == 0;
}

/* The window of days=1/7/28 for a request at t, and the histogram step. */
static time_t window_start(int days, time_t t)
{
    return days == 1 ? t - DAY : utc_day_start(t) - (days - 1) * DAY;
}

static long step_of(int days)
{
    return days == 1 ? HOUR : days == 7 ? 6 * HOUR : DAY;
}

/*
 * One top's time line: consecutive steps from the window's first step,
 * each counting the fixture alerts that fall into it, and the total.
 * before/after bracket the request, whose `now` the engine used.
 */
static void expect_time_line(const cJSON *line, bool urls, int days, const char *key, long long total,
                             time_t before, time_t after)
{
    long step = step_of(days);
    time_t first_lo = window_start(days, before) / step * step,
           first_hi = window_start(days, after) / step * step;
    time_t expected_step = 0;
    long long sum = 0;
    const cJSON *item;

    ck_assert_msg(cJSON_IsObject(line), "no time line for %s", key);
    cJSON_ArrayForEach(item, line) {
        time_t at;
        long long want = 0;

        if (strcmp(item->string, "total") == 0)
            continue;
        ck_assert_msg(utc_parse_stamp(item->string, strlen(item->string), &at), "bad step key %s",
                      item->string);
        if (!expected_step)
            ck_assert_msg(at == first_lo || at == first_hi, "%s: first step %s", key, item->string);
        else
            ck_assert_msg(at == expected_step, "%s: step %s is not consecutive", key, item->string);
        expected_step = at + step;
        for (size_t i = 0; i < TOP_ALERTS; i++) {
            time_t t = tops_loaded - top_alerts[i].age;

            if (in_top(&top_alerts[i], urls, key) && t >= window_start(days, before) && t / step * step == at)
                want++;
        }
        ck_assert_msg((long long)item->valuedouble == want, "%s at %s: %g, want %lld", key, item->string,
                      item->valuedouble, want);
        sum += want;
    }
    if (days == 1)
        ck_assert_msg(expected_step - step >= before / step * step, "%s: the time line stops before now",
                      key);
    ck_assert_int_eq(sum, total);
    ck_assert_int_eq((long long)cJSON_GetObjectItem(line, "total")->valuedouble, total);
}

/* GETs tops?<query> and checks that exactly `keys` came back, with these totals and exact time lines. */
static void expect_tops(const char *query, bool urls, int days, const char *const *keys,
                        const long long *totals, size_t n)
{
    char path[128];
    struct http_reply r;
    time_t before = time(NULL), after;
    cJSON *doc;

    snprintf(path, sizeof path, "/alert/tops?%s", query);
    http_get(path, &r);
    after = time(NULL);
    http_expect(&r, 200, HTTP_JSON, NULL);
    doc = cJSON_Parse(r.body);
    ck_assert_msg(doc != NULL, "%s: not JSON: %s", path, r.body);
    ck_assert_msg(cJSON_GetArraySize(doc) == (int)n, "%s: %d tops, want %zu: %s", path,
                  cJSON_GetArraySize(doc), n, r.body);
    for (size_t i = 0; i < n; i++)
        expect_time_line(cJSON_GetObjectItemCaseSensitive(doc, keys[i]), urls, days, keys[i], totals[i],
                         before, after);
    cJSON_Delete(doc);
    http_reply_free(&r);
}

START_TEST(tops_urls_per_window)
{
    static const char *const day_keys[] = {"/index.php", "/private", "/wp-login.php"};
    static const long long day_totals[] = {3, 1, 1};
    static const char *const week_keys[] = {"/index.php", "/old", "/private", "/wp-login.php"};
    static const long long week_totals[] = {3, 1, 1, 1};
    static const long long month_totals[] = {4, 1, 1, 1};

    expect_tops("type=urls", true, 1, day_keys, day_totals, 3);
    expect_tops("type=urls&days=1&topx=30", true, 1, day_keys, day_totals, 3);
    expect_tops("type=urls&days=7", true, 7, week_keys, week_totals, 4);
    expect_tops("type=urls&days=28", true, 28, week_keys, month_totals, 4);
}
END_TEST

START_TEST(tops_topx_cuts_by_count_then_name)
{
    static const char *const keys[] = {"/index.php", "/private"};
    static const long long totals[] = {3, 1};

    expect_tops("type=urls&topx=1", true, 1, keys, totals, 1);
    expect_tops("type=urls&topx=2", true, 1, keys, totals, 2);
}
END_TEST

START_TEST(tops_destination_ports)
{
    static const char *const keys[] = {"80", "22"};
    static const long long day_totals[] = {5, 2};
    static const long long month_totals[] = {7, 2};

    expect_tops("type=destports", false, 1, keys, day_totals, 2);
    expect_tops("type=destports&days=28&topx=5", false, 28, keys, month_totals, 2);
}
END_TEST

START_TEST(tops_a_second_request_comes_from_the_cache)
{
    harness_flush_cache();
    http_expect_cached("/alert/tops?type=destports&days=7", NULL, true, HTTP_JSON, NULL);
}
END_TEST

START_TEST(tops_bad_parameters)
{
    static const char *const paths[] = {
        "/alert/tops",
        "/alert/tops?type=",
        "/alert/tops?type=url",
        "/alert/tops?type=urls&days=2",
        "/alert/tops?type=urls&days=x",
        "/alert/tops?type=urls&days=07",
        "/alert/tops?type=urls&topx=0",
        "/alert/tops?type=urls&topx=31",
        "/alert/tops?type=urls&topx=abc",
        "/alert/tops?type=urls&topx=-1",
    };

    for (size_t i = 0; i < ARRAY_LEN(paths); i++)
        http_get_expect(paths[i], 400, HTTP_JSON, NULL);
    http_get_expect("/alert/tops?type=urls&days=3", 400, HTTP_JSON,
                    "{\"error\":\"days: expected one of: 1 7 28\",\"status\":400}\n");
}
END_TEST

/* ---- getStats: hourly documents in the statistics index ---- */

/* the document inside the default window */
static char stats_recent[UTC_STAMP_LEN], stats_recent_to[UTC_STAMP_LEN];

static void put_stats(const char *id, const char *doc)
{
    es_put_doc(harness_config()->statistic_index, id, doc);
}

static void load_stats(void)
{
    char doc[256], old[UTC_STAMP_LEN];
    time_t hour = time(NULL) / HOUR * HOUR;

    es_delete_index(harness_config()->statistic_index);
    put_stats("h09",
              "{\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"UTCtimeTo\":\"2024-05-01 10:00:00\","
              "\"comm_totalRatio\":12.5,\"comm_ratio_Webpage\":3.25,\"comm_ratio_SSH/console(cowrie)\":7.0,"
              "\"comm_ratio_RDP(rdpy)\":0.5,\"comm_other\":1}");
    put_stats("h10", "{\"UTCtimeFrom\":\"2024-05-01 10:00:00\",\"UTCtimeTo\":\"2024-05-01 11:00:00\","
                     "\"comm_totalRatio\":8.0,\"comm_ratio_Webpage\":0.00001}");
    put_stats("h11", "{\"UTCtimeFrom\":\"2024-05-01 11:00:00\",\"UTCtimeTo\":\"2024-05-01 12:00:00\","
                     "\"comm_totalRatio\":1.5}");
    utc_format(hour - 2 * HOUR, stats_recent);
    utc_format(hour - HOUR, stats_recent_to);
    snprintf(doc, sizeof doc, "{\"UTCtimeFrom\":\"%s\",\"UTCtimeTo\":\"%s\",\"comm_totalRatio\":2.0}",
             stats_recent, stats_recent_to);
    put_stats("recent", doc);
    utc_format(hour - 30 * HOUR, old);
    snprintf(doc, sizeof doc, "{\"UTCtimeFrom\":\"%s\",\"comm_totalRatio\":3.0}", old);
    put_stats("old", doc);
}

#define H09 \
    "\"2024-05-01 09:00:00\":{\"UTCtimeFrom\":\"2024-05-01 09:00:00\",\"UTCtimeTo\":\"2024-05-01 10:00:00\","
#define H10 \
    "\"2024-05-01 10:00:00\":{\"UTCtimeFrom\":\"2024-05-01 10:00:00\",\"UTCtimeTo\":\"2024-05-01 11:00:00\","

START_TEST(getstats_window_and_ratios)
{
    /* lt is exclusive: the 11:00 document stays out (the original's lte took it in) */
    http_get_expect(
        "/alert/getStats?values=Webpage,SSH%252Fconsole(cowrie)&gte=2024-05-01+09:00:00"
        "&lt=2024-05-01+11:00:00",
        200, HTTP_JSON,
        "{" H09
        "\"comm_ratio_SSH/console(cowrie)\":7.0,\"comm_ratio_Webpage\":3.25,\"comm_totalRatio\":12.5}," H10
        "\"comm_ratio_Webpage\":1e-05,\"comm_totalRatio\":8.0}}\n");
    http_get_expect("/alert/getStats?gte=2024-05-01+10:00:00&lt=2024-05-01+10:00:01", 200, HTTP_JSON,
                    "{" H10 "\"comm_totalRatio\":8.0}}\n");
    http_get_expect("/alert/getStats?gte=2024-05-01%252009:00:00&lt=2024-05-01+09:00:01&values=RDP(rdpy)",
                    200, HTTP_JSON, "{" H09 "\"comm_ratio_RDP(rdpy)\":0.5,\"comm_totalRatio\":12.5}}\n");
}
END_TEST

START_TEST(getstats_default_window_is_the_last_day)
{
    char body[256];

    snprintf(body, sizeof body,
             "{\"%s\":{\"UTCtimeFrom\":\"%s\",\"UTCtimeTo\":\"%s\",\"comm_totalRatio\":2.0}}\n", stats_recent,
             stats_recent, stats_recent_to);
    http_get_expect("/alert/getStats", 200, HTTP_JSON, body);
}
END_TEST

START_TEST(getstats_empty_window_is_an_empty_object_and_not_cached)
{
    http_expect_cached("/alert/getStats?gte=2023-01-01+00:00:00&lt=2023-01-02+00:00:00",
                       harness_config()->statistic_index, false, HTTP_JSON, "{}\n");
}
END_TEST

START_TEST(getstats_a_second_request_comes_from_the_cache)
{
    harness_flush_cache();
    http_expect_cached("/alert/getStats?values=Webpage&gte=2024-05-01+00:00:00&lt=2024-05-02+00:00:00",
                       harness_config()->statistic_index, true, HTTP_JSON, NULL);
}
END_TEST

START_TEST(getstats_bad_parameters)
{
    static const char *const paths[] = {
        "/alert/getStats?values=Foo",
        "/alert/getStats?values=Webpage,webpage",
        "/alert/getStats?values=Webpage,",
        "/alert/getStats?values=SSH/console(cowrie)%2500",
        "/alert/getStats?gte=2024-05-01",
        "/alert/getStats?lt=yesterday",
        "/alert/getStats?gte=2024-02-30+00:00:00",
        "/alert/getStats?gte=2024-05-01+10:00:00&lt=2024-05-01+10:00:00",
        "/alert/getStats?gte=2024-05-02+00:00:00&lt=2024-05-01+00:00:00",
    };

    for (size_t i = 0; i < ARRAY_LEN(paths); i++)
        http_get_expect(paths[i], 400, HTTP_JSON, NULL);
    http_get_expect(
        "/alert/getStats?gte=2024-05-02+00:00:00&lt=2024-05-01+00:00:00", 400, HTTP_JSON,
        "{\"error\":\"gte: must be earlier than lt (defaults: 24 hours ago, now)\",\"status\":400}\n");
}
END_TEST

/* ---- quiet: no statistics index, and one honeytrap alert that no URL top matches ---- */

static void load_quiet(void)
{
    es_delete_index(harness_config()->statistic_index);
    LOAD_ALERTS({.age = 60,
                 .peer_type = "Network(honeytrap)",
                 .request = "Attack on port 22/tcp",
                 .target_port = "22"});
}

START_TEST(quiet_stack_answers_empty_objects)
{
    http_get_expect("/alert/tops?type=urls", 200, HTTP_JSON, "{}\n");
    http_get_expect("/alert/tops?type=urls&days=28&topx=30", 200, HTTP_JSON, "{}\n");
    /* the statistics index does not exist: no data, not an engine failure */
    http_get_expect("/alert/getStats", 200, HTTP_JSON, "{}\n");
    http_get_expect("/alert/getStats?values=Webpage&gte=2024-05-01+00:00:00", 200, HTTP_JSON, "{}\n");
}
END_TEST

START_TEST(quiet_empty_tops_are_not_cached)
{
    /* the original cached tops only when it found something */
    http_expect_cached("/alert/tops?type=urls&days=7", NULL, false, HTTP_JSON, "{}\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("statistics");

    HARNESS_CASE(s, "tpot", load_tpot, tpot_counts_a_finished_day, tpot_today_and_empty_days,
                 tpot_a_second_request_comes_from_the_cache, tpot_bad_days);
    HARNESS_CASE(s, "tops", load_tops, tops_urls_per_window, tops_topx_cuts_by_count_then_name,
                 tops_destination_ports, tops_a_second_request_comes_from_the_cache, tops_bad_parameters);
    HARNESS_CASE(s, "getstats", load_stats, getstats_window_and_ratios,
                 getstats_default_window_is_the_last_day,
                 getstats_empty_window_is_an_empty_object_and_not_cached,
                 getstats_a_second_request_comes_from_the_cache, getstats_bad_parameters);
    HARNESS_CASE(s, "quiet", load_quiet, quiet_stack_answers_empty_objects, quiet_empty_tops_are_not_cached);
    return harness_run(s);
}
