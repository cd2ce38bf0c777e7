/* test_dataset.c: unit tests of app/h_dataset.c, the per-day series of datasetAlertsPerMonth and ...TypesPerMonth. */
#include <stdio.h>

#include "h_dataset.h"
#include "unit.h"

/* Recorded from OpenSearch 2.19 for `days=2` (types split), community and private alerts. */
static const char types_reply[] =
    "{\"took\":5,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":5,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},"
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":4,\"days\":{\"buckets\":["
    "{\"key_as_string\":\"2026-11-24 00:00:00\",\"key\":1795478400000,\"doc_count\":0,\"types\":"
    "{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[]}},"
    "{\"key_as_string\":\"2026-11-25 00:00:00\",\"key\":1795564800000,\"doc_count\":0,\"types\":"
    "{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[]}},"
    "{\"key_as_string\":\"2026-11-26 00:00:00\",\"key\":1795651200000,\"doc_count\":4,\"types\":"
    "{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":["
    "{\"key\":\"Webpage\",\"doc_count\":2},{\"key\":\"Passwords(heralding)\",\"doc_count\":1},"
    "{\"key\":\"SSH/console(cowrie)\",\"doc_count\":1}]}}]}}}}";

/* Recorded for `days=2`, community only. */
static const char counts_reply[] =
    "{\"took\":3,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},"
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":3,\"days\":{\"buckets\":["
    "{\"key_as_string\":\"2026-11-24 00:00:00\",\"key\":1795478400000,\"doc_count\":0},"
    "{\"key_as_string\":\"2026-11-25 00:00:00\",\"key\":1795564800000,\"doc_count\":0},"
    "{\"key_as_string\":\"2026-11-26 00:00:00\",\"key\":1795651200000,\"doc_count\":3}]}}}}";

/* What the engine answers when no index of the window exists: no aggregations at all. */
static const char no_index_reply[] =
    "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":0.0,\"hits\":[]}}";

/* The window of the route's `days` parameter (NULL: absent). */
static struct dataset_window window_of_days(const char *days)
{
    struct request req;
    char query_string[32] = "";

    if (days)
        snprintf(query_string, sizeof query_string, "days=%s", days);
    ck_assert_int_eq(unit_parse_route("/alert/datasetAlertsPerMonth", query_string, &req), PEBA_OK);
    return dataset_window_of(&req.params[DATASET_DAYS]);
}

static const struct request any_request;

/* Runs a mapper over a recorded reply and checks the exact body. */
#define assert_series(map, reply_text, want) assert_maps_to(map, reply_text, &any_request, want)

START_TEST(the_default_window_is_one_month_back_to_midnight)
{
    cJSON *q = dataset_query(window_of_days(NULL), DOMAIN_COMMUNITY, false);

    assert_cjson_is(
        q, "{\"size\":0,\"query\":{\"range\":{\"createTime\":{\"gte\":\"now-1M/d\",\"lt\":\"now+1d/d\"}}},"
           "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true]}},"
           "\"aggs\":{\"days\":{\"date_histogram\":{\"field\":\"createTime\",\"calendar_interval\":\"1d\","
           "\"time_zone\":\"UTC\",\"format\":\"yyyy-MM-dd HH:mm:ss\",\"min_doc_count\":0,"
           "\"extended_bounds\":{\"min\":\"now-1M/d\",\"max\":\"now/d\"}}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(days_start_the_window_at_midnight_days_ago)
{
    cJSON *q = dataset_query(window_of_days("3"), DOMAIN_PRIVATE, false);

    assert_cjson_is(
        q, "{\"size\":0,\"query\":{\"range\":{\"createTime\":{\"gte\":\"now-3d/d\",\"lt\":\"now+1d/d\"}}},"
           "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[false]}},"
           "\"aggs\":{\"days\":{\"date_histogram\":{\"field\":\"createTime\",\"calendar_interval\":\"1d\","
           "\"time_zone\":\"UTC\",\"format\":\"yyyy-MM-dd HH:mm:ss\",\"min_doc_count\":0,"
           "\"extended_bounds\":{\"min\":\"now-3d/d\",\"max\":\"now/d\"}}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(the_types_query_splits_each_day_by_peer_type_untruncated)
{
    cJSON *q = dataset_query(window_of_days("0"), DOMAIN_BOTH, true);

    assert_cjson_is(
        q, "{\"size\":0,\"query\":{\"range\":{\"createTime\":{\"gte\":\"now-0d/d\",\"lt\":\"now+1d/d\"}}},"
           "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true,false]}},"
           "\"aggs\":{\"days\":{\"date_histogram\":{\"field\":\"createTime\",\"calendar_interval\":\"1d\","
           "\"time_zone\":\"UTC\",\"format\":\"yyyy-MM-dd HH:mm:ss\",\"min_doc_count\":0,"
           "\"extended_bounds\":{\"min\":\"now-0d/d\",\"max\":\"now/d\"}},"
           "\"aggs\":{\"types\":{\"terms\":{\"field\":\"peerType\",\"size\":1000}}}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(index_days_cover_the_window_and_today)
{
    ck_assert_int_eq(dataset_index_days(window_of_days(NULL)), 32);
    ck_assert_int_eq(dataset_index_days(window_of_days("0")), 1);
    ck_assert_int_eq(dataset_index_days(window_of_days("1")), 2);
    ck_assert_int_eq(dataset_index_days(window_of_days("31")), 32);
    ck_assert_int_eq(dataset_index_days(window_of_days("32")), 0);
    ck_assert_int_eq(dataset_index_days(window_of_days("366")), 0);
}
END_TEST

START_TEST(counts_list_every_day_of_the_window_including_empty_ones)
{
    assert_series(alerts_per_month_map, counts_reply,
                  "[{\"datasetAlertsPerMonth\":{\"2026-11-24 00:00:00\":0,\"2026-11-25 00:00:00\":0,"
                  "\"2026-11-26 00:00:00\":3}}]\n");
}
END_TEST

START_TEST(types_keep_the_siblings_outer_key_and_list_empty_days)
{
    assert_series(
        alert_types_per_month_map, types_reply,
        "[{\"datasetAlertsPerMonth\":{\"2026-11-24 00:00:00\":{},\"2026-11-25 00:00:00\":{},"
        "\"2026-11-26 00:00:00\":{\"Passwords(heralding)\":1,\"SSH/console(cowrie)\":1,\"Webpage\":2}}}]\n");
}
END_TEST

START_TEST(days_come_out_in_date_order_whatever_the_bucket_order)
{
    assert_series(
        alerts_per_month_map,
        "{\"aggregations\":{\"communityfilter\":{\"days\":{\"buckets\":["
        "{\"key_as_string\":\"2026-12-01 00:00:00\",\"doc_count\":7},"
        "{\"key_as_string\":\"2026-11-30 00:00:00\",\"doc_count\":12345678}]}}}}",
        "[{\"datasetAlertsPerMonth\":{\"2026-11-30 00:00:00\":12345678,\"2026-12-01 00:00:00\":7}}]\n");
}
END_TEST

START_TEST(no_index_means_an_empty_series)
{
    assert_series(alerts_per_month_map, no_index_reply, "[{\"datasetAlertsPerMonth\":{}}]\n");
    assert_series(alert_types_per_month_map, no_index_reply, "[{\"datasetAlertsPerMonth\":{}}]\n");
}
END_TEST

START_TEST(buckets_without_a_day_or_type_name_are_skipped)
{
    assert_series(alert_types_per_month_map,
                  "{\"aggregations\":{\"communityfilter\":{\"days\":{\"buckets\":["
                  "{\"key\":1795651200000,\"doc_count\":1},"
                  "{\"key_as_string\":\"2026-11-26 00:00:00\",\"doc_count\":2,\"types\":{\"buckets\":["
                  "{\"key\":5,\"doc_count\":1},{\"key\":\"Webpage\",\"doc_count\":1}]}}]}}}}",
                  "[{\"datasetAlertsPerMonth\":{\"2026-11-26 00:00:00\":{\"Webpage\":1}}}]\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dataset");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_default_window_is_one_month_back_to_midnight);
    tcase_add_test(core, days_start_the_window_at_midnight_days_ago);
    tcase_add_test(core, the_types_query_splits_each_day_by_peer_type_untruncated);
    tcase_add_test(core, index_days_cover_the_window_and_today);
    tcase_add_test(core, counts_list_every_day_of_the_window_including_empty_ones);
    tcase_add_test(core, types_keep_the_siblings_outer_key_and_list_empty_days);
    tcase_add_test(core, days_come_out_in_date_order_whatever_the_bucket_order);
    tcase_add_test(limits, no_index_means_an_empty_series);
    tcase_add_test(limits, buckets_without_a_day_or_type_name_are_skipped);
    return unit_run(s);
}
