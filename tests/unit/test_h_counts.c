/* test_h_counts.c: unit tests of app/h_counts.c's query builders and reply mappers, on recorded replies. */
#include "h_counts.h"
#include "search.h"
#include "unit.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

static const struct count_window today = {.today = true};
static const struct count_window ten_minutes = {.minutes = 10};

/* Recorded search-engine replies. */
#define ES6_COUNT_44                                                                                         \
    "{\"took\":2,\"timed_out\":false,\"_shards\":{\"total\":2,\"successful\":2,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":44,\"max_score\":0.0,\"hits\":[]}}"
#define ES7_COUNT_44                                                                                         \
    "{\"took\":2,\"timed_out\":false,\"_shards\":{\"total\":2,\"successful\":2,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":44,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}}"
/* No index matched the date-math pattern: no shards, no aggregations. */
#define NO_INDEX                                                                                             \
    "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,\"skipped\":0,\"failed\":0}," \
    "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":0.0,\"hits\":[]}}"
/* clang-format off */
#define TYPES_44 \
    "{\"took\":5,\"timed_out\":false,\"hits\":{\"total\":{\"value\":50,\"relation\":\"eq\"},\"hits\":[]}," \
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":44,\"honeypotTypes\":{\"doc_count_error_upper_bound\":0," \
    "\"sum_other_doc_count\":0,\"buckets\":[{\"key\":\"Passwords(heralding)\",\"doc_count\":43}," \
    "{\"key\":\"Network(dionaea)\",\"doc_count\":1}]}}}}"
/* clang-format on */
#define STATS_SCRAMBLED                                                                            \
    "{\"took\":3,\"hits\":{\"total\":{\"value\":900,\"relation\":\"eq\"},\"hits\":[]},"            \
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":800,\"ctr\":{\"buckets\":{"              \
    "\"1m\":{\"from\":1.7145576E12,\"from_as_string\":\"2024-05-01 10:00:00\",\"doc_count\":1},"   \
    "\"1d\":{\"from\":1.7144712E12,\"from_as_string\":\"2024-04-30 10:00:00\",\"doc_count\":744}," \
    "\"5m\":{\"from\":1.7145573E12,\"from_as_string\":\"2024-05-01 09:55:00\",\"doc_count\":3},"   \
    "\"1h\":{\"from\":1.7145540E12,\"from_as_string\":\"2024-05-01 09:00:00\",\"doc_count\":40}}}}}}"

static const struct request as_json = {.format = FORMAT_JSON};
static const struct request as_xml = {.format = FORMAT_XML};

/* Runs map on the recorded reply text in the given output format; the body goes to out. */
static peba_err mapped(reply_mapper map, const char *reply_text, enum out_format format, struct buf *out)
{
    return unit_map(map, reply_text, format == FORMAT_JSON ? &as_json : &as_xml, out);
}

#define assert_mapped(map, reply_text, format, want) \
    assert_maps_to(map, reply_text, (format) == FORMAT_JSON ? &as_json : &as_xml, want)

START_TEST(the_time_parameter_gives_the_window)
{
    struct param_value day = {.present = true, .choice = 0};
    struct param_value minutes = {.present = true, .choice = -1, .num = 90};

    ck_assert(count_window_of(&day).today);
    ck_assert(!count_window_of(&minutes).today);
    ck_assert_int_eq(count_window_of(&minutes).minutes, 90);
}
END_TEST

START_TEST(the_window_decides_the_index_days)
{
    ck_assert_int_eq(count_window_index_days(today), 1);
    ck_assert_int_eq(count_window_index_days((struct count_window){.minutes = 0}), 2);
    ck_assert_int_eq(count_window_index_days(ten_minutes), 2);
    ck_assert_int_eq(count_window_index_days((struct count_window){.minutes = 1439}), 2);
    ck_assert_int_eq(count_window_index_days((struct count_window){.minutes = 1440}), 3);
    ck_assert_int_eq(count_window_index_days((struct count_window){.minutes = 46080}), 34);
    ck_assert_int_eq(count_window_index_days((struct count_window){.minutes = 46081}), 0);
    ck_assert_int_eq(count_window_index_days((struct count_window){.minutes = 525600}), 0);
}
END_TEST

START_TEST(the_count_query_filters_domain_and_window)
{
    assert_query(
        alerts_count_query(ten_minutes, DOMAIN_COMMUNITY),
        "{\"query\":{\"bool\":{\"must\":[{\"terms\":{\"clientDomain\":[true]}}],"
        "\"filter\":[{\"range\":{\"recievedTime\":{\"gte\":\"now-10m\"}}}]}},\"size\":0,\"track_total_hits\":true}");
    assert_query(
        alerts_count_query(today, DOMAIN_PRIVATE),
        "{\"query\":{\"bool\":{\"must\":[{\"terms\":{\"clientDomain\":[false]}}],"
        "\"filter\":[{\"range\":{\"recievedTime\":{\"gte\":\"now/d\"}}}]}},\"size\":0,\"track_total_hits\":true}");
    assert_query(
        alerts_count_query(ten_minutes, DOMAIN_BOTH),
        "{\"query\":{\"bool\":{\"must\":[{\"terms\":{\"clientDomain\":[true,false]}}],"
        "\"filter\":[{\"range\":{\"recievedTime\":{\"gte\":\"now-10m\"}}}]}},\"size\":0,\"track_total_hits\":true}");
}
END_TEST

START_TEST(the_count_with_type_query_aggregates_types_in_the_domain)
{
    assert_query(alerts_count_with_type_query(ten_minutes, DOMAIN_COMMUNITY),
                 "{\"size\":0,\"query\":{\"range\":{\"recievedTime\":{\"gte\":\"now-10m\"}}},"
                 "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true]}},"
                 "\"aggs\":{\"honeypotTypes\":{\"terms\":{\"field\":\"peerType\",\"size\":1000}}}}}}");
    assert_query(alerts_count_with_type_query(today, DOMAIN_PRIVATE),
                 "{\"size\":0,\"query\":{\"range\":{\"recievedTime\":{\"gte\":\"now/d\"}}},"
                 "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[false]}},"
                 "\"aggs\":{\"honeypotTypes\":{\"terms\":{\"field\":\"peerType\",\"size\":1000}}}}}}");
    assert_query(alerts_count_with_type_query(ten_minutes, DOMAIN_BOTH),
                 "{\"size\":0,\"query\":{\"range\":{\"recievedTime\":{\"gte\":\"now-10m\"}}},"
                 "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true,false]}},"
                 "\"aggs\":{\"honeypotTypes\":{\"terms\":{\"field\":\"peerType\",\"size\":1000}}}}}}");
}
END_TEST

#define STATS_RANGES                                                                       \
    "\"aggs\":{\"ctr\":{\"range\":{\"field\":\"recievedTime\",\"keyed\":true,\"ranges\":[" \
    "{\"key\":\"1d\",\"from\":\"now-1440m\"},{\"key\":\"1h\",\"from\":\"now-60m\"},"       \
    "{\"key\":\"5m\",\"from\":\"now-5m\"},{\"key\":\"1m\",\"from\":\"now-1m\"}]}}}}}}"

START_TEST(the_stats_query_has_four_keyed_ranges)
{
    /* clang-format off */
    assert_query(alert_stats_query(DOMAIN_COMMUNITY),
                 "{\"size\":0,\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true]}}," STATS_RANGES);
    assert_query(alert_stats_query(DOMAIN_PRIVATE),
                 "{\"size\":0,\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[false]}}," STATS_RANGES);
    assert_query(alert_stats_query(DOMAIN_BOTH),
                 "{\"size\":0,\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true,false]}},"
                 STATS_RANGES);
    /* clang-format on */
}
END_TEST

START_TEST(the_count_reads_an_es6_total)
{
    assert_mapped(alerts_count_map, ES6_COUNT_44, FORMAT_JSON, "{\"AlertCount\":44}\n");
    assert_mapped(alerts_count_map, ES6_COUNT_44, FORMAT_XML,
                  DECL "<EWSSimpleIPInfo>\n  <AlertCount>44</AlertCount>\n</EWSSimpleIPInfo>\n");
}
END_TEST

START_TEST(the_count_reads_an_es7_total)
{
    assert_mapped(alerts_count_map, ES7_COUNT_44, FORMAT_JSON, "{\"AlertCount\":44}\n");
    assert_mapped(alerts_count_map, ES7_COUNT_44, FORMAT_XML,
                  DECL "<EWSSimpleIPInfo>\n  <AlertCount>44</AlertCount>\n</EWSSimpleIPInfo>\n");
}
END_TEST

START_TEST(no_matching_index_counts_zero)
{
    assert_mapped(alerts_count_map, NO_INDEX, FORMAT_JSON, "{\"AlertCount\":0}\n");
    assert_mapped(alerts_count_map, NO_INDEX, FORMAT_XML,
                  DECL "<EWSSimpleIPInfo>\n  <AlertCount>0</AlertCount>\n</EWSSimpleIPInfo>\n");
    assert_mapped(alerts_count_with_type_map, NO_INDEX, FORMAT_JSON,
                  "{\"AlertCountPerType\":{},\"AlertCountTotal\":0}\n");
    assert_mapped(
        alert_stats_map, NO_INDEX, FORMAT_JSON,
        "{\"AlertsLast24Hours\":0,\"AlertsLast5Minutes\":0,\"AlertsLastHour\":0,\"AlertsLastMinute\":0}\n");
}
END_TEST

START_TEST(counts_per_type_are_keyed_by_type_and_sorted)
{
    assert_mapped(
        alerts_count_with_type_map, TYPES_44, FORMAT_JSON,
        "{\"AlertCountPerType\":{\"Network(dionaea)\":1,\"Passwords(heralding)\":43},\"AlertCountTotal\":44}\n");
}
END_TEST

START_TEST(stats_buckets_are_matched_by_key_not_position)
{
    assert_mapped(
        alert_stats_map, STATS_SCRAMBLED, FORMAT_JSON,
        "{\"AlertsLast24Hours\":744,\"AlertsLast5Minutes\":3,\"AlertsLastHour\":40,\"AlertsLastMinute\":1}\n");
}
END_TEST

START_TEST(a_reply_without_a_total_is_a_backend_error)
{
    struct buf out;

    ck_assert_int_eq(mapped(alerts_count_map, "{\"hits\":{\"hits\":[]}}", FORMAT_JSON, &out), PEBA_E_BACKEND);
    buf_free(&out);
    ck_assert_int_eq(
        mapped(alerts_count_map, "{\"hits\":{\"total\":{\"relation\":\"eq\"}}}", FORMAT_XML, &out),
        PEBA_E_BACKEND);
    buf_free(&out);
    ck_assert_int_eq(
        mapped(alerts_count_map, "{\"error\":{\"type\":\"x\"},\"status\":500}", FORMAT_JSON, &out),
        PEBA_E_BACKEND);
    buf_free(&out);
}
END_TEST

START_TEST(odd_buckets_are_skipped_or_counted_as_zero)
{
    assert_mapped(alerts_count_with_type_map,
                  "{\"aggregations\":{\"communityfilter\":{\"doc_count\":5,\"honeypotTypes\":{\"buckets\":["
                  "{\"key\":7,\"doc_count\":1},{\"doc_count\":2},{\"key\":\"Webpage\"},"
                  "{\"key\":\"\\u00e9<x>\",\"doc_count\":2}]}}}}",
                  FORMAT_JSON,
                  "{\"AlertCountPerType\":{\"Webpage\":0,\"\\u00e9<x>\":2},\"AlertCountTotal\":5}\n");
    assert_mapped(
        alert_stats_map,
        "{\"aggregations\":{\"communityfilter\":{\"ctr\":{\"buckets\":{\"1d\":{\"doc_count\":\"9\"},"
        "\"1h\":{\"doc_count\":2},\"2h\":{\"doc_count\":7}}}}}}",
        FORMAT_JSON,
        "{\"AlertsLast24Hours\":0,\"AlertsLast5Minutes\":0,\"AlertsLastHour\":2,\"AlertsLastMinute\":0}\n");
}
END_TEST

START_TEST(counts_past_ten_thousand_stay_exact)
{
    assert_mapped(alerts_count_map, "{\"hits\":{\"total\":{\"value\":123456789,\"relation\":\"eq\"}}}",
                  FORMAT_JSON, "{\"AlertCount\":123456789}\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("h_counts");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_time_parameter_gives_the_window);
    tcase_add_test(core, the_window_decides_the_index_days);
    tcase_add_test(core, the_count_query_filters_domain_and_window);
    tcase_add_test(core, the_count_with_type_query_aggregates_types_in_the_domain);
    tcase_add_test(core, the_stats_query_has_four_keyed_ranges);
    tcase_add_test(core, the_count_reads_an_es6_total);
    tcase_add_test(core, the_count_reads_an_es7_total);
    tcase_add_test(core, no_matching_index_counts_zero);
    tcase_add_test(core, counts_per_type_are_keyed_by_type_and_sorted);
    tcase_add_test(core, stats_buckets_are_matched_by_key_not_position);
    tcase_add_test(limits, a_reply_without_a_total_is_a_backend_error);
    tcase_add_test(limits, odd_buckets_are_skipped_or_counted_as_zero);
    tcase_add_test(limits, counts_past_ten_thousand_stay_exact);
    return unit_run(s);
}
