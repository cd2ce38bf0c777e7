/* test_tpot.c: unit tests of app/h_tpot.c (TpotStats) on replies recorded from OpenSearch 2.19. */
#include <stdio.h>

#include "h_tpot.h"
#include "search.h"
#include "unit.h"

#define DAY_2024_05_01 ((time_t)1714521600)
#define ROUTE_TTL 2419200u

/* The day's window and the community filter, as every query of the endpoint carries them. */
/* clang-format off */
#define RANGE "{\"range\":{\"recievedTime\":{\"gte\":\"2024-05-01 00:00:00\",\"lte\":\"2024-05-01 23:59:59\"}}}"
#define COMMUNITY "{\"terms\":{\"clientDomain\":[true]}}"
#define NEW_FILTER \
    "{\"bool\":{\"must\":[" COMMUNITY ",{\"exists\":{\"field\":\"hostname\"}}]," \
    "\"must_not\":[{\"term\":{\"hostname\":\"undefined\"}}],\"filter\":" RANGE "}}"
#define OLD_FILTER \
    "{\"bool\":{\"must\":[" COMMUNITY ",{\"exists\":{\"field\":\"hostname\"}},{\"term\":{\"hostname\":\"undefined\"}}]," \
    "\"must_not\":[{\"term\":{\"hostname\":\"\"}}],\"filter\":" RANGE "}}"
#define HOSTS_AGG(host, detail) \
    "\"aggs\":{\"hosts\":{\"composite\":{\"size\":10000,\"sources\":[{\"host\":{\"terms\":{\"field\":\"" host "\"}}}," \
    "{\"detail\":{\"terms\":{\"field\":\"" detail "\",\"missing_bucket\":true}}}]}}}"

/* Recorded replies for a day with community T-Pots h1 (daemons i1, i2 and alerts without peerIdent), h2 (i3)
 * and the hostname-less 10.0.0.9 (i4, i5); a private-domain alert and one of the next day stay outside. */
#define SHARDS "\"took\":5,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
#define Q1_REPLY \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":6,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"peerType\":{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[" \
    "{\"key\":\"Webpage\",\"doc_count\":3},{\"key\":\"Network(honeytrap)\",\"doc_count\":2}," \
    "{\"key\":\"SSH/console(cowrie)\",\"doc_count\":1}]}}}"
#define Q2_REPLY \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":4,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"hosts\":{\"after_key\":{\"host\":\"h2\",\"detail\":\"i3\"},\"buckets\":[" \
    "{\"key\":{\"host\":\"h1\",\"detail\":null},\"doc_count\":1},{\"key\":{\"host\":\"h1\",\"detail\":\"i1\"},\"doc_count\":1}," \
    "{\"key\":{\"host\":\"h1\",\"detail\":\"i2\"},\"doc_count\":1},{\"key\":{\"host\":\"h2\",\"detail\":\"i3\"},\"doc_count\":1}]}}}"
#define Q3_REPLY \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":2,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"hosts\":{\"after_key\":{\"host\":\"10.0.0.9\",\"detail\":\"i5\"},\"buckets\":[" \
    "{\"key\":{\"host\":\"10.0.0.9\",\"detail\":\"i4\"},\"doc_count\":1},{\"key\":{\"host\":\"10.0.0.9\",\"detail\":\"i5\"},\"doc_count\":1}]}}}"
#define Q4_REPLY \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":4,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"hosts\":{\"after_key\":{\"host\":\"h2\",\"detail\":\"Webpage\"},\"buckets\":[" \
    "{\"key\":{\"host\":\"h1\",\"detail\":\"SSH/console(cowrie)\"},\"doc_count\":1}," \
    "{\"key\":{\"host\":\"h1\",\"detail\":\"Webpage\"},\"doc_count\":2},{\"key\":{\"host\":\"h2\",\"detail\":\"Webpage\"},\"doc_count\":1}]}}}"
#define Q5_REPLY \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":2,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"hosts\":{\"after_key\":{\"host\":\"10.0.0.9\",\"detail\":\"Network(honeytrap)\"},\"buckets\":[" \
    "{\"key\":{\"host\":\"10.0.0.9\",\"detail\":\"Network(honeytrap)\"},\"doc_count\":2}]}}}"
/* Q2 in pages of two: h1 straddles the page boundary. */
#define Q2_PAGE1 \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":4,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"hosts\":{\"after_key\":{\"host\":\"h1\",\"detail\":\"i1\"},\"buckets\":[" \
    "{\"key\":{\"host\":\"h1\",\"detail\":null},\"doc_count\":1},{\"key\":{\"host\":\"h1\",\"detail\":\"i1\"},\"doc_count\":1}]}}}"
#define Q2_PAGE2 \
    "{" SHARDS "\"hits\":{\"total\":{\"value\":4,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}," \
    "\"aggregations\":{\"hosts\":{\"after_key\":{\"host\":\"h2\",\"detail\":\"i3\"},\"buckets\":[" \
    "{\"key\":{\"host\":\"h1\",\"detail\":\"i2\"},\"doc_count\":1},{\"key\":{\"host\":\"h2\",\"detail\":\"i3\"},\"doc_count\":1}]}}}"
/* clang-format on */
/* No alert index exists: no shards, no aggregations. */
#define NO_INDEX                                                                                             \
    "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":0.0,\"hits\":[]}}"

/* Hands every bucket of the recorded page to visit; returns the after_key's host (or NULL). */
static const char *visit_page(const char *reply_text, int page_size, bucket_visitor visit,
                              struct tpot_stats *st)
{
    static char after_host[64];
    cJSON *reply = unit_json(reply_text);
    const cJSON *after = NULL;
    const char *host = NULL;

    ck_assert_int_eq(composite_page(reply, "hosts", page_size, visit, st, &after), PEBA_OK);
    if (after) {
        snprintf(after_host, sizeof after_host, "%s", cJSON_GetObjectItem(after, "host")->valuestring);
        host = after_host;
    }
    cJSON_Delete(reply);
    return host;
}

static void read_alerts(const char *reply_text, struct tpot_stats *st, peba_err want)
{
    cJSON *reply = unit_json(reply_text);

    ck_assert_int_eq(tpot_read_alerts(reply, st), want);
    cJSON_Delete(reply);
}

/* Runs the endpoint's five mappings over recorded replies, a scan at a time, into out. */
static void map_day(const char *q1, const char *const scans[TPOT_SCANS], struct buf *out)
{
    static const bucket_visitor visitors[TPOT_SCANS] = {tpot_count_daemons, tpot_count_daemons,
                                                        tpot_count_types, tpot_count_types};
    struct tpot_stats st;

    ck_assert(tpot_stats_init(&st, DAY_2024_05_01));
    read_alerts(q1, &st, PEBA_OK);
    for (int i = 0; i < TPOT_SCANS; i++) {
        free(st.last_host);
        st.last_host = NULL;
        ck_assert_ptr_null(visit_page(scans[i], 10000, visitors[i], &st));
    }
    buf_init(out, 0);
    ck_assert_int_eq(tpot_write(&st, out), PEBA_OK);
    tpot_stats_free(&st);
}

START_TEST(the_alert_query_counts_one_day_of_community_alerts_per_type)
{
    assert_query(tpot_alerts_query(DAY_2024_05_01),
                 "{\"size\":0,\"track_total_hits\":true,\"query\":{\"bool\":{\"must\":[" RANGE "," COMMUNITY
                 "]}},"
                 "\"aggs\":{\"peerType\":{\"terms\":{\"field\":\"peerType\",\"size\":1000}}}}");
}
END_TEST

START_TEST(the_host_scans_page_through_host_and_detail_pairs)
{
    assert_query(tpot_hosts_query(DAY_2024_05_01, TPOT_NEW_DAEMONS),
                 "{\"size\":0,\"query\":" NEW_FILTER "," HOSTS_AGG("hostname", "peerIdent") "}");
    assert_query(tpot_hosts_query(DAY_2024_05_01, TPOT_OLD_DAEMONS),
                 "{\"size\":0,\"query\":" OLD_FILTER "," HOSTS_AGG("targetEntryIp", "peerIdent") "}");
    assert_query(tpot_hosts_query(DAY_2024_05_01, TPOT_NEW_TYPES),
                 "{\"size\":0,\"query\":" NEW_FILTER "," HOSTS_AGG("hostname", "peerType") "}");
    assert_query(tpot_hosts_query(DAY_2024_05_01, TPOT_OLD_TYPES),
                 "{\"size\":0,\"query\":" OLD_FILTER "," HOSTS_AGG("targetEntryIp", "peerType") "}");
}
END_TEST

START_TEST(the_five_replies_make_the_original_document)
{
    static const char *const scans[TPOT_SCANS] = {Q2_REPLY, Q3_REPLY, Q4_REPLY, Q5_REPLY};
    struct buf out;

    map_day(Q1_REPLY, scans, &out);
    /* h1 counts two daemons: its alerts without a peerIdent make no third one */
    assert_buf_is(
        &out, "{\"UTCtimeFrom\":\"2024-05-01 00:00:00\",\"UTCtimeTo\":\"2024-05-01 23:59:59\","
              "\"communityHoneypots\":{\"numberAlertsPerType\":{\"Network(honeytrap)\":2,"
              "\"SSH/console(cowrie)\":1,\"Webpage\":3},\"numberHoneypotsPerType\":{\"Network(honeytrap)\":1,"
              "\"SSH/console(cowrie)\":1,\"Webpage\":2},\"totalNumberAlerts\":6,\"totalNumberDaemons\":5,"
              "\"totalNumberHoneypots\":3}}\n");
    buf_free(&out);
}
END_TEST

START_TEST(a_day_without_indices_gives_zeros)
{
    static const char *const scans[TPOT_SCANS] = {NO_INDEX, NO_INDEX, NO_INDEX, NO_INDEX};
    struct buf out;

    map_day(NO_INDEX, scans, &out);
    assert_buf_is(&out, "{\"UTCtimeFrom\":\"2024-05-01 00:00:00\",\"UTCtimeTo\":\"2024-05-01 23:59:59\","
                        "\"communityHoneypots\":{\"numberAlertsPerType\":{},\"numberHoneypotsPerType\":{},"
                        "\"totalNumberAlerts\":0,\"totalNumberDaemons\":0,\"totalNumberHoneypots\":0}}\n");
    buf_free(&out);
}
END_TEST

START_TEST(a_host_split_across_pages_counts_once)
{
    struct tpot_stats st;

    ck_assert(tpot_stats_init(&st, DAY_2024_05_01));
    ck_assert_str_eq(visit_page(Q2_PAGE1, 2, tpot_count_daemons, &st), "h1");
    ck_assert_str_eq(visit_page(Q2_PAGE2, 2, tpot_count_daemons, &st), "h2");
    ck_assert_ptr_null(visit_page(NO_INDEX, 2, tpot_count_daemons, &st));
    ck_assert_int_eq(st.honeypots, 2);
    ck_assert_int_eq(st.daemons, 3);
    tpot_stats_free(&st);
}
END_TEST

START_TEST(a_short_page_is_the_last)
{
    struct tpot_stats st;

    ck_assert(tpot_stats_init(&st, DAY_2024_05_01));
    ck_assert_ptr_null(visit_page(Q2_REPLY, 5, tpot_count_daemons, &st));
    ck_assert_str_eq(visit_page(Q2_REPLY, 4, tpot_count_daemons, &st), "h2");
    tpot_stats_free(&st);
}
END_TEST

START_TEST(a_reply_without_a_total_is_an_engine_failure)
{
    struct tpot_stats st;

    ck_assert(tpot_stats_init(&st, DAY_2024_05_01));
    read_alerts("{\"took\":1}", &st, PEBA_E_BACKEND);
    tpot_stats_free(&st);
}
END_TEST

START_TEST(only_days_that_are_over_keep_the_long_ttl)
{
    time_t end = DAY_2024_05_01 + 86400;

    ck_assert_uint_eq(tpot_cache_ttl(DAY_2024_05_01, end + 3600, ROUTE_TTL), ROUTE_TTL);
    ck_assert_uint_eq(tpot_cache_ttl(DAY_2024_05_01, end, ROUTE_TTL), ROUTE_TTL);
    ck_assert_uint_eq(tpot_cache_ttl(DAY_2024_05_01, end - 1, ROUTE_TTL), 60);
    ck_assert_uint_eq(tpot_cache_ttl(DAY_2024_05_01, DAY_2024_05_01 - 86400, ROUTE_TTL), 60);
    ck_assert_uint_eq(tpot_cache_ttl(DAY_2024_05_01, end - 1, 30), 30);
    ck_assert_uint_eq(tpot_cache_ttl(DAY_2024_05_01, end - 1, 0), 0);
}
END_TEST

/* The route's parameter list: `day` is required and a real calendar date. */
START_TEST(the_day_parameter_is_validated)
{
    struct request req;

    ck_assert_int_eq(unit_parse_route("/alert/TpotStats", "day=20240501", &req), PEBA_OK);
    ck_assert_int_eq(req.params[TPOT_DAY].num, DAY_2024_05_01);
    ck_assert_int_eq(unit_parse_route("/alert/TpotStats", "", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(unit_parse_route("/alert/TpotStats", "day=", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(unit_parse_route("/alert/TpotStats", "day=20181399", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(unit_parse_route("/alert/TpotStats", "day=2024051", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(unit_parse_route("/alert/TpotStats", "day=2024-05-01", &req), PEBA_E_BAD_REQUEST);
    ck_assert_int_eq(route_find("/alert/TpotStats")->honours_ci, false);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tpot");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_alert_query_counts_one_day_of_community_alerts_per_type);
    tcase_add_test(core, the_host_scans_page_through_host_and_detail_pairs);
    tcase_add_test(core, the_five_replies_make_the_original_document);
    tcase_add_test(core, only_days_that_are_over_keep_the_long_ttl);
    tcase_add_test(limits, a_day_without_indices_gives_zeros);
    tcase_add_test(limits, a_host_split_across_pages_counts_once);
    tcase_add_test(limits, a_short_page_is_the_last);
    tcase_add_test(limits, a_reply_without_a_total_is_an_engine_failure);
    tcase_add_test(limits, the_day_parameter_is_validated);
    return unit_run(s);
}
