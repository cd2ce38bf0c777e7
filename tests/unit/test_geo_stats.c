/* test_geo_stats.c: unit tests of app/h_geo_stats.c, topCountriesAttacks and retrieveLatLonAttacks. */
#include <stdio.h>
#include <time.h>

#include "h_geo_stats.h"
#include "unit.h"

/* 2026-11-26 06:12:37 UTC, when the replies below were recorded. */
#define RECORDED_AT ((time_t)1795673557)

/* Recorded from OpenSearch 2.19, ci=-1, topx=10 (more than the 4 and 2 countries there are). */
static const char countries_reply[] =
    "{\"took\":13,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":6,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},"
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":6,"
    "\"attackers\":{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":["
    "{\"key\":\"NL\",\"doc_count\":2,\"name\":{\"hits\":{\"total\":{\"value\":2,\"relation\":\"eq\"},\"max_score\":1.0,"
    "\"hits\":[{\"_index\":\"pebads-2026.11.26-1\",\"_id\":\"kHd-FqIB_kQ4U08DTLJq\",\"_score\":1.0,"
    "\"_source\":{\"countryName\":\"Netherlands\"}}]}}},"
    "{\"key\":\"US\",\"doc_count\":2,\"name\":{\"hits\":{\"total\":{\"value\":2,\"relation\":\"eq\"},\"max_score\":1.0,"
    "\"hits\":[{\"_index\":\"pebads-2026.11.26-1\",\"_id\":\"k3d-FqIB_kQ4U08DTLJr\",\"_score\":1.0,"
    "\"_source\":{\"countryName\":\"United States\"}}]}}},"
    "{\"key\":\"CN\",\"doc_count\":1,\"name\":{\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"max_score\":1.0,"
    "\"hits\":[{\"_index\":\"pebads-2026.11.26-1\",\"_id\":\"knd-FqIB_kQ4U08DTLJr\",\"_score\":1.0,"
    "\"_source\":{\"countryName\":\"China\"}}]}}},"
    "{\"key\":\"\xc3\x9cnland\",\"doc_count\":1,\"name\":{\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},"
    "\"max_score\":1.0,\"hits\":[{\"_index\":\"pebads-2026.11.26-1\",\"_id\":\"lXd-FqIB_kQ4U08DTLJr\",\"_score\":1.0,"
    "\"_source\":{\"countryName\":\"\xc3\x9c"
    "berland\"}}]}}}]},"
    "\"targets\":{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":["
    "{\"key\":\"DE\",\"doc_count\":5,\"name\":{\"hits\":{\"total\":{\"value\":5,\"relation\":\"eq\"},\"max_score\":1.0,"
    "\"hits\":[{\"_index\":\"pebads-2026.11.26-1\",\"_id\":\"kHd-FqIB_kQ4U08DTLJq\",\"_score\":1.0,"
    "\"_source\":{\"targetCountryName\":\"Germany\"}}]}}},"
    "{\"key\":\"PL\",\"doc_count\":1,\"name\":{\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"max_score\":1.0,"
    "\"hits\":[{\"_index\":\"pebads-2026.11.26-1\",\"_id\":\"k3d-FqIB_kQ4U08DTLJr\",\"_score\":1.0,"
    "\"_source\":{\"targetCountryName\":\"Poland\"}}]}}}]}}}}";

/* Recorded, ci=-1, direction=src, topx=10: three locations, one of them malformed. */
static const char locations_reply[] =
    "{\"took\":4,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":4,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},"
    "\"aggregations\":{\"communityfilter\":{\"doc_count\":4,\"topLocations\":{\"doc_count_error_upper_bound\":0,"
    "\"sum_other_doc_count\":0,\"buckets\":[{\"key\":\"52.5 , 13.4\",\"doc_count\":2},"
    "{\"key\":\"34.7725 , 113.7266\",\"doc_count\":1},{\"key\":\"bogus\",\"doc_count\":1}]}}}}";

static const char no_index_reply[] =
    "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0,\"skipped\":0,\"failed\":0},"
    "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":0.0,\"hits\":[]}}";

/* "YYYY-MM-DD HH:MM:SS" UTC as time_t. */
static time_t at(const char *stamp)
{
    struct tm tm = {0};

    ck_assert_ptr_nonnull(strptime(stamp, "%Y-%m-%d %H:%M:%S", &tm));
    return timegm(&tm);
}

/* The request of path with `name=offset`, as dispatch fills it at the clock now. */
static const struct request *request_at(const char *path, const char *name, long long offset, time_t now)
{
    static struct request req;
    char query_string[64];

    snprintf(query_string, sizeof query_string, "%s=%lld", name, offset);
    ck_assert_int_eq(unit_parse_route(path, query_string, &req), PEBA_OK);
    req.now = now;
    return &req;
}

/* The body of topCountriesAttacks (retrieveLatLonAttacks) for a reply, a monthOffset (offset) and a clock. */
#define assert_countries(reply_text, offset, now, want) \
    assert_maps_to(top_countries_map, reply_text,       \
                   request_at("/alert/topCountriesAttacks", "monthOffset", offset, now), want)
#define assert_latlon(reply_text, offset, now, want) \
    assert_maps_to(latlon_map, reply_text,           \
                   request_at("/alert/retrieveLatLonAttacks", "offset", offset, now), want)

START_TEST(this_months_countries_are_counted_until_now)
{
    cJSON *q = top_countries_query(0, 10, DOMAIN_COMMUNITY);

    assert_cjson_is(
        q,
        "{\"size\":0,\"query\":{\"range\":{\"recievedTime\":{\"gte\":\"now/M\",\"lt\":\"now\"}}},"
        "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true]}},\"aggs\":{"
        "\"attackers\":{\"terms\":{\"field\":\"country\",\"size\":10},\"aggs\":{\"name\":{\"top_hits\":"
        "{\"size\":1,\"_source\":{\"includes\":[\"countryName\"]}}}}},"
        "\"targets\":{\"terms\":{\"field\":\"targetCountry\",\"size\":10},\"aggs\":{\"name\":{\"top_hits\":"
        "{\"size\":1,\"_source\":{\"includes\":[\"targetCountryName\"]}}}}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(an_earlier_month_is_counted_whole)
{
    cJSON *q = top_countries_query(1, 5, DOMAIN_PRIVATE);

    assert_cjson_is(
        q, "{\"size\":0,\"query\":{\"range\":{\"recievedTime\":{\"gte\":\"now-1M/M\",\"lt\":\"now/M\"}}},"
           "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[false]}},\"aggs\":{"
           "\"attackers\":{\"terms\":{\"field\":\"country\",\"size\":5},\"aggs\":{\"name\":{\"top_hits\":"
           "{\"size\":1,\"_source\":{\"includes\":[\"countryName\"]}}}}},"
           "\"targets\":{\"terms\":{\"field\":\"targetCountry\",\"size\":5},\"aggs\":{\"name\":{\"top_hits\":"
           "{\"size\":1,\"_source\":{\"includes\":[\"targetCountryName\"]}}}}}}}}}");
    cJSON_Delete(q);
    q = top_countries_query(120, 100, DOMAIN_BOTH);
    assert_cjson_is(
        q,
        "{\"size\":0,\"query\":{\"range\":{\"recievedTime\":{\"gte\":\"now-120M/M\",\"lt\":\"now-119M/M\"}}},"
        "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true,false]}},\"aggs\":{"
        "\"attackers\":{\"terms\":{\"field\":\"country\",\"size\":100},\"aggs\":{\"name\":{\"top_hits\":"
        "{\"size\":1,\"_source\":{\"includes\":[\"countryName\"]}}}}},"
        "\"targets\":{\"terms\":{\"field\":\"targetCountry\",\"size\":100},\"aggs\":{\"name\":{\"top_hits\":"
        "{\"size\":1,\"_source\":{\"includes\":[\"targetCountryName\"]}}}}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(countries_map_to_code_count_and_name_with_id_zero_this_month)
{
    assert_countries(
        countries_reply, 0, RECORDED_AT,
        "[{\"attacksPerCountry\":[{\"code\":\"NL\",\"count\":2,\"country\":\"Netherlands\"},"
        "{\"code\":\"US\",\"count\":2,\"country\":\"United States\"},"
        "{\"code\":\"CN\",\"count\":1,\"country\":\"China\"},"
        "{\"code\":\"\\u00dcnland\",\"count\":1,\"country\":\"\\u00dcberland\"}],"
        "\"attacksToTargetCountry\":[{\"code\":\"DE\",\"count\":5,\"country\":\"Germany\"},"
        "{\"code\":\"PL\",\"count\":1,\"country\":\"Poland\"}],\"date\":\"2026-11\",\"id\":0}]\n");
}
END_TEST

START_TEST(an_earlier_month_has_its_offset_as_text_id_and_a_utc_date)
{
    const char *empty = "{\"aggregations\":{\"communityfilter\":{\"attackers\":{\"buckets\":[]},"
                        "\"targets\":{\"buckets\":[]}}}}";

    assert_countries(
        empty, 1, RECORDED_AT,
        "[{\"attacksPerCountry\":[],\"attacksToTargetCountry\":[],\"date\":\"2026-10\",\"id\":\"1\"}]\n");
    /* a minute before midnight of New Year's Eve, two months back crosses the year */
    assert_countries(
        empty, 2, at("2026-12-31 23:59:00"),
        "[{\"attacksPerCountry\":[],\"attacksToTargetCountry\":[],\"date\":\"2026-10\",\"id\":\"2\"}]\n");
    assert_countries(
        empty, 11, at("2026-03-31 00:00:00"),
        "[{\"attacksPerCountry\":[],\"attacksToTargetCountry\":[],\"date\":\"2025-04\",\"id\":\"11\"}]\n");
    assert_countries(
        empty, 120, RECORDED_AT,
        "[{\"attacksPerCountry\":[],\"attacksToTargetCountry\":[],\"date\":\"2016-11\",\"id\":\"120\"}]\n");
}
END_TEST

START_TEST(one_empty_side_does_not_blank_the_other)
{
    assert_countries("{\"aggregations\":{\"communityfilter\":{\"attackers\":{\"buckets\":["
                     "{\"key\":\"NL\",\"doc_count\":3,"
                     "\"name\":{\"hits\":{\"hits\":[{\"_source\":{\"countryName\":\"Netherlands\"}}]}}}]},"
                     "\"targets\":{\"buckets\":[]}}}}",
                     0, RECORDED_AT,
                     "[{\"attacksPerCountry\":[{\"code\":\"NL\",\"count\":3,\"country\":\"Netherlands\"}],"
                     "\"attacksToTargetCountry\":[],\"date\":\"2026-11\",\"id\":0}]\n");
}
END_TEST

START_TEST(no_index_means_empty_country_lists)
{
    assert_countries(
        no_index_reply, 0, RECORDED_AT,
        "[{\"attacksPerCountry\":[],\"attacksToTargetCountry\":[],\"date\":\"2026-11\",\"id\":0}]\n");
}
END_TEST

START_TEST(a_country_without_a_name_gets_an_empty_one)
{
    assert_countries(
        "{\"aggregations\":{\"communityfilter\":{\"attackers\":{\"buckets\":["
        "{\"key\":\"XX\",\"doc_count\":1,\"name\":{\"hits\":{\"hits\":[{\"_source\":{}}]}}},"
        "{\"key\":\"YY\",\"doc_count\":1},{\"doc_count\":9}]},"
        "\"targets\":{\"buckets\":[{\"key\":\"DE\",\"doc_count\":2,\"name\":{\"hits\":{\"hits\":[]}}}]}}}}",
        0, RECORDED_AT,
        "[{\"attacksPerCountry\":[{\"code\":\"XX\",\"count\":1,\"country\":\"\"},"
        "{\"code\":\"YY\",\"count\":1,\"country\":\"\"}],"
        "\"attacksToTargetCountry\":[{\"code\":\"DE\",\"count\":2,\"country\":\"\"}],"
        "\"date\":\"2026-11\",\"id\":0}]\n");
}
END_TEST

START_TEST(latlon_defaults_to_attackers_of_the_last_24_hours)
{
    cJSON *q = latlon_query(0, 10, false, DOMAIN_COMMUNITY);

    assert_cjson_is(q,
                    "{\"size\":0,\"query\":{\"range\":{\"createTime\":{\"gte\":\"now-24h\",\"lt\":\"now\"}}},"
                    "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true]}},"
                    "\"aggs\":{\"topLocations\":{\"terms\":{\"field\":\"location\",\"size\":10}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(latlon_offset_is_one_whole_day_and_dst_the_honeypots)
{
    cJSON *q = latlon_query(3, 100, true, DOMAIN_BOTH);

    assert_cjson_is(
        q, "{\"size\":0,\"query\":{\"range\":{\"createTime\":{\"gte\":\"now-3d/d\",\"lt\":\"now-2d/d\"}}},"
           "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[true,false]}},"
           "\"aggs\":{\"topLocations\":{\"terms\":{\"field\":\"locationDestination\",\"size\":100}}}}}}");
    cJSON_Delete(q);
    q = latlon_query(1, 1, false, DOMAIN_PRIVATE);
    assert_cjson_is(
        q, "{\"size\":0,\"query\":{\"range\":{\"createTime\":{\"gte\":\"now-1d/d\",\"lt\":\"now/d\"}}},"
           "\"aggs\":{\"communityfilter\":{\"filter\":{\"terms\":{\"clientDomain\":[false]}},"
           "\"aggs\":{\"topLocations\":{\"terms\":{\"field\":\"location\",\"size\":1}}}}}}");
    cJSON_Delete(q);
}
END_TEST

START_TEST(locations_split_into_lat_and_lng_strings_skipping_malformed_keys)
{
    assert_latlon(
        locations_reply, 0, RECORDED_AT,
        "[{\"latLonAttacks\":[{\"count\":2,\"lat\":\"52.5\",\"lng\":\"13.4\"},"
        "{\"count\":1,\"lat\":\"34.7725\",\"lng\":\"113.7266\"}],\"statsSince\":\"2026-11-26\"}]\n");
}
END_TEST

START_TEST(stats_since_is_the_utc_day_offset_days_back)
{
    assert_latlon(no_index_reply, 3, RECORDED_AT, "[{\"latLonAttacks\":[],\"statsSince\":\"2026-11-23\"}]\n");
    assert_latlon(no_index_reply, 1, at("2028-03-01 00:00:00"),
                  "[{\"latLonAttacks\":[],\"statsSince\":\"2028-02-29\"}]\n");
    assert_latlon(no_index_reply, 0, at("2026-12-31 23:59:59"),
                  "[{\"latLonAttacks\":[],\"statsSince\":\"2026-12-31\"}]\n");
    assert_latlon(no_index_reply, 366, RECORDED_AT,
                  "[{\"latLonAttacks\":[],\"statsSince\":\"2025-11-25\"}]\n");
}
END_TEST

START_TEST(odd_location_keys_degrade_gracefully)
{
    assert_latlon("{\"aggregations\":{\"communityfilter\":{\"topLocations\":{\"buckets\":["
                  "{\"key\":\"0.0 , 0.0\",\"doc_count\":4},{\"key\":\" , \",\"doc_count\":3},"
                  "{\"key\":\"1.5,2.5\",\"doc_count\":2},{\"key\":42,\"doc_count\":1},{\"doc_count\":1}]}}}}",
                  0, RECORDED_AT,
                  "[{\"latLonAttacks\":[{\"count\":4,\"lat\":\"0.0\",\"lng\":\"0.0\"},"
                  "{\"count\":3,\"lat\":\"\",\"lng\":\"\"}],\"statsSince\":\"2026-11-26\"}]\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo_stats");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, this_months_countries_are_counted_until_now);
    tcase_add_test(core, an_earlier_month_is_counted_whole);
    tcase_add_test(core, countries_map_to_code_count_and_name_with_id_zero_this_month);
    tcase_add_test(core, an_earlier_month_has_its_offset_as_text_id_and_a_utc_date);
    tcase_add_test(core, one_empty_side_does_not_blank_the_other);
    tcase_add_test(core, latlon_defaults_to_attackers_of_the_last_24_hours);
    tcase_add_test(core, latlon_offset_is_one_whole_day_and_dst_the_honeypots);
    tcase_add_test(core, locations_split_into_lat_and_lng_strings_skipping_malformed_keys);
    tcase_add_test(core, stats_since_is_the_utc_day_offset_days_back);
    tcase_add_test(limits, no_index_means_empty_country_lists);
    tcase_add_test(limits, a_country_without_a_name_gets_an_empty_one);
    tcase_add_test(limits, odd_location_keys_degrade_gracefully);
    return unit_run(s);
}
